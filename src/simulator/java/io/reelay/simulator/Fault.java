package io.reelay.simulator;

import io.reelay.simulator.SimulatorHttp.Call;

/** A fault the simulator injects into one call; {@link #wireName()} is how the call log names it. */
enum Fault {
    NONE(null),
    RATE_LIMITED("rate_limited"),
    SERVER_ERROR("server_error"),
    SLOW("slow"),
    HANG("hang"),
    MALFORMED("malformed"),
    DROP_AFTER_SUBMIT("drop_after_submit"),
    UNKNOWN_STATUS("unknown_status"),
    /** One of {@link HostileAnswer}; the call log names which ({@code hostile_huge_retry_after}, ...). */
    HOSTILE("hostile");

    private final String wireName;

    Fault(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    boolean appliesTo(Call call) {
        return switch (this) {
            case NONE -> false;
            case DROP_AFTER_SUBMIT -> call == Call.SUBMIT;
            case UNKNOWN_STATUS -> call == Call.POLL;
            default -> true;
        };
    }

    double probability(ChaosSettings chaos) {
        return switch (this) {
            case NONE -> 0;
            case RATE_LIMITED -> chaos.rateLimited();
            case SERVER_ERROR -> chaos.serverErrors();
            case SLOW -> chaos.slow();
            case HANG -> chaos.hang();
            case MALFORMED -> chaos.malformed();
            case DROP_AFTER_SUBMIT -> chaos.dropAfterSubmit();
            case UNKNOWN_STATUS -> chaos.unknownStatus();
            case HOSTILE -> chaos.hostile();
        };
    }
}
