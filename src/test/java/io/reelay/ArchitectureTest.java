package io.reelay;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/operations.md ("Project layout"): a request flows intake -> lifecycle -> upstream ->
 * kafka -> api, with observability and config on the side; no dependency between packages closes a cycle.
 * Only the product's classes are checked (target/classes): every test root compiles into target/test-classes.
 */
class ArchitectureTest {

    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter()
                .withImportOption(ArchitectureTest::isProductClass)
                .importPackages("io.reelay");
    }

    private static boolean isProductClass(Location location) {
        return location.contains("/target/classes/");
    }

    /** Top-level packages (intake, lifecycle, upstream, kafka, api, ...) form no cycle, each taken as a whole. */
    static final ArchRule TOP_LEVEL_PACKAGES_ARE_ACYCLIC =
            slices().matching("io.reelay.(*)..").should().beFreeOfCycles();

    /**
     * Nor does any package with another, each package on its own: a feature's root included (intake, kafka), so a
     * root holds what its subpackages share and never reaches back into them; the generated Avro packages
     * (io.reelay.events, io.reelay.state) included as they are.
     */
    static final ArchRule EVERY_PACKAGE_IS_ACYCLIC =
            slices().matching("io.reelay.(**)").should().beFreeOfCycles();

    /** Nor do the parts of one feature, each with its own subpackages (lifecycle.submit.., lifecycle.poll..). */
    static final ArchRule FEATURE_PARTS_ARE_ACYCLIC =
            slices().matching("io.reelay.(*).(*)..").should().beFreeOfCycles();

    /** The HTTP API is the outer edge: the tracker runs, and is tested, without it. */
    static final ArchRule NOTHING_DEPENDS_ON_THE_API = noClasses().that().resideOutsideOfPackage("io.reelay.api..")
            .should().dependOnClassesThat().resideInAPackage("io.reelay.api..");

    /** Intake decides what a record is before any state or provider exists for it. */
    static final ArchRule INTAKE_BEFORE_LIFECYCLE = noClasses().that().resideInAPackage("io.reelay.intake..")
            .should().dependOnClassesThat().resideInAnyPackage("io.reelay.lifecycle..", "io.reelay.upstream..");

    /**
     * Webhook delivery is a consumer of the terminal events beside the core: nothing but the HTTP API (which shows and
     * replays deliveries) knows it, so the tracker runs, and is tested, without it.
     */
    static final ArchRule NOTHING_CORE_DEPENDS_ON_DELIVERY = noClasses().that()
            .resideOutsideOfPackages("io.reelay.delivery..", "io.reelay.api..")
            .should().dependOnClassesThat().resideInAPackage("io.reelay.delivery..");

    /**
     * And it reads only the published events: no tracker state, store record, provider or catalog; from intake only
     * the callback URL policy it checks again before each attempt.
     */
    static final ArchRule DELIVERY_READS_ONLY_EVENTS = noClasses().that().resideInAPackage("io.reelay.delivery..")
            .should().dependOnClassesThat().resideInAnyPackage("io.reelay.lifecycle..", "io.reelay.upstream..",
                    "io.reelay.catalog..", "io.reelay.state..", "io.reelay.observability..")
            .orShould().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates
                    .resideInAPackage("io.reelay.intake..")
                    .and(com.tngtech.archunit.base.DescribedPredicate.not(com.tngtech.archunit.core.domain.JavaClass
                            .Predicates.simpleName("CallbackUrlPolicy"))));

    /** The lifecycle calls the providers, never the reverse: a provider client knows no request state or store. */
    static final ArchRule UPSTREAM_BELOW_LIFECYCLE = noClasses().that().resideInAPackage("io.reelay.upstream..")
            .should().dependOnClassesThat().resideInAPackage("io.reelay.lifecycle..");

    /** Kafka's part (topics, serdes, registry) carries events and knows none of the steps that produce them. */
    static final ArchRule KAFKA_KNOWS_NO_STEP = noClasses().that().resideInAPackage("io.reelay.kafka..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.reelay.intake..", "io.reelay.catalog..", "io.reelay.lifecycle..", "io.reelay.upstream..",
                    "io.reelay.observability..");

    /** Observability is on the side: every step reports to it, so it depends on none of them. */
    static final ArchRule OBSERVABILITY_ON_THE_SIDE = noClasses().that().resideInAPackage("io.reelay.observability..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.reelay.intake..", "io.reelay.lifecycle..", "io.reelay.upstream..");

    /** Configuration is read by every package, so it reads none of them. */
    static final ArchRule CONFIG_STANDS_ALONE = noClasses().that().resideInAPackage("io.reelay.config..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.reelay.intake..", "io.reelay.catalog..", "io.reelay.lifecycle..", "io.reelay.upstream..",
                    "io.reelay.kafka..", "io.reelay.observability..", "io.reelay.events..", "io.reelay.state..");

    /** The API reads a request's state through lifecycle.query, never the tracker's store records or internals. */
    static final ArchRule API_OFF_THE_STORES = noClasses().that().resideInAPackage("io.reelay.api..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.reelay.state..", "io.reelay.lifecycle.streams..");

    /** The catalog is data the others read; it knows none of the steps that read it. */
    static final ArchRule CATALOG_STANDS_ALONE = noClasses().that().resideInAPackage("io.reelay.catalog..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.reelay.api..", "io.reelay.intake..", "io.reelay.lifecycle..", "io.reelay.upstream..",
                    "io.reelay.kafka..", "io.reelay.observability..");

    /**
     * Storage copies files and knows nothing of requests: the lifecycle calls it through the VideoMirror port, never
     * the reverse. It shares the address rules (io.reelay.net) with intake, not intake itself.
     */
    static final ArchRule STORAGE_BELOW_LIFECYCLE = noClasses().that().resideInAPackage("io.reelay.storage..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.reelay.lifecycle..", "io.reelay.intake..", "io.reelay.api..", "io.reelay.upstream..",
                    "io.reelay.kafka..", "io.reelay.catalog..", "io.reelay.events..", "io.reelay.state..");

    /** The state machine itself is pure: table-tested without a broker, a container or a provider. */
    static final ArchRule LIFECYCLE_CORE_IS_PURE = noClasses().that().resideInAPackage("io.reelay.lifecycle")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.kafka..", "io.quarkus..", "io.smallrye..", "jakarta..",
                    "io.reelay.kafka..", "io.reelay.upstream..", "io.reelay.api..");

    /** The product ships alone: nothing in it reaches the simulator, the test fixtures or a test library. */
    static final ArchRule PRODUCT_WITHOUT_TEST_CODE = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.reelay.simulator..", "io.reelay.testing..", "io.reelay.bench..", "io.reelay.faults..",
                    "io.reelay.deploy..", "io.reelay.devstack..", "io.reelay.packaging..",
                    "org.junit..", "net.jqwik..", "org.assertj..", "org.apache.kafka.streams.test..")
            .orShould().dependOnClassesThat(compiledWithTheTests());

    private static DescribedPredicate<JavaClass> compiledWithTheTests() {
        return DescribedPredicate.describe("are compiled with the tests", javaClass -> javaClass.getSource()
                .map(source -> source.getUri().toString().contains("/test-classes/"))
                .orElse(false));
    }

    @Test
    void importsTheProduct() {
        // A rule over no classes passes on anything; make sure the import found the product.
        assertThat(product.contain("io.reelay.lifecycle.Lifecycle")).isTrue();
        assertThat(product.contain("io.reelay.ArchitectureTest")).isFalse();
    }

    @Test
    void topLevelPackagesAreAcyclic() {
        TOP_LEVEL_PACKAGES_ARE_ACYCLIC.check(product);
    }

    @Test
    void everyPackageIsAcyclic() {
        EVERY_PACKAGE_IS_ACYCLIC.check(product);
    }

    @Test
    void featurePartsAreAcyclic() {
        FEATURE_PARTS_ARE_ACYCLIC.check(product);
    }

    @Test
    void nothingDependsOnTheApi() {
        NOTHING_DEPENDS_ON_THE_API.check(product);
    }

    @Test
    void intakeDependsOnNeitherLifecycleNorUpstream() {
        INTAKE_BEFORE_LIFECYCLE.check(product);
    }

    @Test
    void upstreamDoesNotDependOnTheLifecycle() {
        UPSTREAM_BELOW_LIFECYCLE.check(product);
    }

    @Test
    void kafkaKnowsNoStep() {
        KAFKA_KNOWS_NO_STEP.check(product);
    }

    @Test
    void observabilityIsOnTheSide() {
        OBSERVABILITY_ON_THE_SIDE.check(product);
    }

    @Test
    void configStandsAlone() {
        CONFIG_STANDS_ALONE.check(product);
    }

    @Test
    void apiReadsNoStoreRecords() {
        API_OFF_THE_STORES.check(product);
    }

    @Test
    void catalogStandsAlone() {
        CATALOG_STANDS_ALONE.check(product);
    }

    @Test
    void storageKnowsNoRequestStep() {
        STORAGE_BELOW_LIFECYCLE.check(product);
    }

    @Test
    void lifecycleCoreIsPure() {
        LIFECYCLE_CORE_IS_PURE.check(product);
    }

    @Test
    void productHoldsNoTestCode() {
        PRODUCT_WITHOUT_TEST_CODE.check(product);
    }

    @Test
    void nothingCoreDependsOnDelivery() {
        NOTHING_CORE_DEPENDS_ON_DELIVERY.check(product);
    }

    @Test
    void deliveryReadsOnlyEvents() {
        DELIVERY_READS_ONLY_EVENTS.check(product);
    }
}
