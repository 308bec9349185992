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

    /** Top-level packages (intake, lifecycle, upstream, kafka, api, ...) form no cycle. */
    static final ArchRule TOP_LEVEL_PACKAGES_ARE_ACYCLIC =
            slices().matching("io.reelay.(*)..").should().beFreeOfCycles();

    /**
     * Nor do the parts inside one of them (lifecycle.streams, lifecycle.submit, lifecycle.poll, ...). A package's own
     * root is left out of this slicing: a feature root holds its domain types and its role subpackages use them
     * (intake.validation reads intake's VideoRequest), as in the style guide's feature-by-role layout.
     */
    static final ArchRule SUBPACKAGES_ARE_ACYCLIC =
            slices().matching("io.reelay.(*).(*)..").should().beFreeOfCycles();

    /** The API reads a request's state through lifecycle.query, never the tracker's store records or internals. */
    static final ArchRule API_OFF_THE_STORES = noClasses().that().resideInAPackage("io.reelay.api..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.reelay.state..", "io.reelay.lifecycle.streams..");

    /** The catalog is data the others read; it knows neither the HTTP API nor the providers' clients. */
    static final ArchRule CATALOG_STANDS_ALONE = noClasses().that().resideInAPackage("io.reelay.catalog..")
            .should().dependOnClassesThat().resideInAnyPackage("io.reelay.api..", "io.reelay.upstream..");

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
    void subpackagesAreAcyclic() {
        SUBPACKAGES_ARE_ACYCLIC.check(product);
    }

    @Test
    void apiReadsNoStoreRecords() {
        API_OFF_THE_STORES.check(product);
    }

    @Test
    void catalogDependsOnNeitherApiNorUpstream() {
        CATALOG_STANDS_ALONE.check(product);
    }

    @Test
    void lifecycleCoreIsPure() {
        LIFECYCLE_CORE_IS_PURE.check(product);
    }

    @Test
    void productHoldsNoTestCode() {
        PRODUCT_WITHOUT_TEST_CODE.check(product);
    }
}
