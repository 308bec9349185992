package io.reelay.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packaged application holds the product and nothing else: no provider simulator (it fakes a paid API), no demo,
 * benchmark, fault harness or test support. Runs after {@code package}, on what {@code java -jar
 * target/quarkus-app/quarkus-run.jar} (and the container image built from it) would load.
 */
class PackagedApplicationIT {

    /** Class-file prefixes that belong to tooling built from src/simulator and src/test, never to the product. */
    static final List<String> NOT_THE_PRODUCT = List.of("io/reelay/simulator/", "io/reelay/devstack/",
            "io/reelay/testing/", "io/reelay/bench/", "io/reelay/faults/");

    private static final Path TARGET = Path.of("target");
    private static final Path APPLICATION = TARGET.resolve("quarkus-app");

    @Test
    void thePackagedApplicationHoldsReelayAndNoSimulatorDemoOrTestClass() {
        assertThat(APPLICATION.resolve("quarkus-run.jar")).as("run after package").isRegularFile();
        List<String> classes = new ArrayList<>();
        jarsUnder(APPLICATION).forEach(jar -> classes.addAll(classEntries(jar)));
        classes.addAll(looseClasses(APPLICATION));

        // The check only means something if it sees the product's own classes.
        assertThat(classes).as("Reelay's classes in the packaged application")
                .contains("io/reelay/kafka/Topics.class");
        assertThat(classes).as("classes that are not the product").noneMatch(PackagedApplicationIT::notTheProduct);
    }

    @Test
    void theMainJarAndClassesHoldNoSimulatorDemoOrTestClass() throws IOException {
        List<String> classes = new ArrayList<>(looseClasses(TARGET.resolve("classes")));
        try (Stream<Path> jars = Files.list(TARGET)) {
            jars.filter(p -> p.getFileName().toString().endsWith(".jar")).forEach(jar -> classes.addAll(classEntries(jar)));
        }

        assertThat(classes).contains("io/reelay/kafka/Topics.class");
        assertThat(classes).as("classes that are not the product").noneMatch(PackagedApplicationIT::notTheProduct);
    }

    static boolean notTheProduct(String classFile) {
        return NOT_THE_PRODUCT.stream().anyMatch(classFile::startsWith);
    }

    private static List<Path> jarsUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> classEntries(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).filter(name -> name.endsWith(".class")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /** Class files outside jars, by their path relative to {@code dir}. */
    private static List<String> looseClasses(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".class"))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/')).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
