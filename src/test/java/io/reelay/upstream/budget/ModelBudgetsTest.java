package io.reelay.upstream.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.reelay.catalog.ServiceLimits;

/** Each model's discovered service limits, before each paid submit. */
class ModelBudgetsTest {

    private static final long LEASE = 60_000;

    private static ModelBudgets limited(ServiceLimits limits) {
        return new ModelBudgets((provider, model) -> model.equals("m") ? limits : ServiceLimits.NONE, LEASE);
    }

    @Test
    void concurrencyHoldsASlotFromSubmitToEnd() {
        ModelBudgets budgets = limited(new ServiceLimits(null, 2, null));

        assertThat(budgets.tryTake("tokenlab", "m", "a", 0)).isTrue();
        assertThat(budgets.tryTake("tokenlab", "m", "b", 0)).isTrue();
        assertThat(budgets.tryTake("tokenlab", "m", "c", 0)).isFalse();
        assertThat(budgets.tryTake("tokenlab", "other", "c", 0)).as("another model is not held back").isTrue();
        assertThat(budgets.tryTake("tokenlab", "m", "a", 0)).as("a retried submit keeps its slot").isTrue();

        budgets.release("a");

        assertThat(budgets.tryTake("tokenlab", "m", "c", 1)).isTrue();
        assertThat(budgets.leased("tokenlab", "m")).isEqualTo(2);
    }

    @Test
    void aLeaseWhoseEndWasNeverSeenRunsOut() {
        ModelBudgets budgets = limited(new ServiceLimits(null, 1, null));
        budgets.tryTake("tokenlab", "m", "a", 0);

        assertThat(budgets.tryTake("tokenlab", "m", "b", LEASE - 1)).isFalse();
        assertThat(budgets.tryTake("tokenlab", "m", "b", LEASE)).isTrue();
    }

    @Test
    void theModelsRateIsABucketOfItsOwn() {
        ModelBudgets budgets = limited(new ServiceLimits(12, null, null)); // burst: 5 s worth, 1 at least

        assertThat(budgets.tryTake("tokenlab", "m", "a", 0)).isTrue();
        assertThat(budgets.tryTake("tokenlab", "m", "b", 0)).isFalse();
        assertThat(budgets.tryTake("tokenlab", "m", "b", 5_000)).isTrue(); // 12 a minute: one every 5 s
    }

    @Test
    void thisInstancesShareOfTheConcurrencyIsRoundedDownButNeverZero() {
        ModelBudgets budgets = limited(new ServiceLimits(null, 5, null));
        budgets.share(0.5);

        assertThat(budgets.tryTake("tokenlab", "m", "a", 0)).isTrue();
        assertThat(budgets.tryTake("tokenlab", "m", "b", 0)).isTrue();
        assertThat(budgets.tryTake("tokenlab", "m", "c", 0)).isFalse();
        budgets.share(0.01);
        budgets.release("a");
        budgets.release("b");
        assertThat(budgets.tryTake("tokenlab", "m", "d", 0)).isTrue();
        assertThat(budgets.tryTake("tokenlab", "m", "e", 0)).isFalse();
    }

    @Test
    void aNewLimitFromDiscoveryAppliesToTheNextSubmit() {
        AtomicReference<ServiceLimits> limits = new AtomicReference<>(new ServiceLimits(null, 1, null));
        ModelBudgets budgets = new ModelBudgets((p, m) -> limits.get(), LEASE);
        budgets.tryTake("tokenlab", "m", "a", 0);
        assertThat(budgets.tryTake("tokenlab", "m", "b", 0)).isFalse();

        limits.set(new ServiceLimits(null, 3, null));

        assertThat(budgets.tryTake("tokenlab", "m", "b", 0)).isTrue();
    }

    @Test
    void theProviderBudgetAndTheModelsAreTakenTogetherOrNotAtAll() {
        ModelBudgets models = limited(new ServiceLimits(null, 5, null));
        RateBudgets budgets = new RateBudgets(Map.of("tokenlab", 1), models); // one call in the provider's bucket

        assertThat(budgets.tryTake("tokenlab", "m", "a", 0)).isTrue();
        assertThat(budgets.tryTake("tokenlab", "m", "b", 0)).isFalse();
        assertThat(models.leased("tokenlab", "m")).as("b's lease went back with the provider's refusal").isEqualTo(1);

        budgets.ended("a");

        assertThat(models.leased("tokenlab", "m")).isZero();
    }
}
