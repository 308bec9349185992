package io.reelay.upstream;

import java.math.BigDecimal;
import java.math.RoundingMode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The charge a task answer reports, in USD. Neither gateway documents one on its task object (TokenLab settles its
 * billing at the terminal state, the hub bills completed tasks), so it is read tolerantly from the few fields whose
 * names say both what and which currency: {@code cost_usd} and {@code billing.amount_usd}. A field whose unit is
 * not stated ({@code cost}, {@code price}: credits or cents as likely as dollars) is not read.
 */
public final class Charges {

    /** Above this a reported charge is taken for a wrong unit or a broken answer, and ignored. */
    public static final BigDecimal MAX_USD = new BigDecimal("1000000");

    /** Decimal places a charge is rounded to (HALF_UP), as the events carry it. */
    public static final int SCALE = 6;

    private Charges() {
    }

    /**
     * The charge in USD of a task answer, held to 0..{@link #MAX_USD} at {@value #SCALE} places; null when it names
     * none, or none that is a plain non-negative number (or a string holding one).
     */
    public static BigDecimal usd(JsonNode task) {
        if (task == null || !task.isObject()) {
            return null;
        }
        BigDecimal direct = amount(task.get("cost_usd"));
        return direct != null ? direct : amount(task.path("billing").get("amount_usd"));
    }

    private static BigDecimal amount(JsonNode v) {
        BigDecimal d;
        if (v == null) {
            return null;
        } else if (v.isNumber()) {
            d = v.decimalValue();
        } else if (v.isTextual() && v.asText().length() <= 32) {
            try {
                d = new BigDecimal(v.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        return bounded(d);
    }

    /** The charge held to 0..{@link #MAX_USD} at {@value #SCALE} places (HALF_UP); null outside. */
    public static BigDecimal bounded(BigDecimal usd) {
        return usd == null || usd.signum() < 0 || usd.compareTo(MAX_USD) > 0 ? null
                : usd.setScale(SCALE, RoundingMode.HALF_UP);
    }
}
