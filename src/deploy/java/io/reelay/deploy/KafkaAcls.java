package io.reelay.deploy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rights a Strimzi KafkaUser's {@code simple} ACLs give, decided as Kafka's standard authorizer decides them: a
 * literal name matches itself, the literal name {@code *} every name, a prefixed name every name that starts with it;
 * a deny rule wins over any allow; Read, Write, Delete and Alter imply Describe, AlterConfigs implies DescribeConfigs,
 * All implies everything. Written here because the authorizer needs a broker to run; this is the part of it the
 * tests need, so that they can say what a client notices ("may it write video.tasks?") rather than repeat the YAML.
 */
record KafkaAcls(String user, List<Rule> rules) {

    private static final Set<Operation> IMPLY_DESCRIBE = EnumSet.of(Operation.Read, Operation.Write,
            Operation.Delete, Operation.Alter);

    /** Kafka's ACL operations, as Strimzi spells them. */
    enum Operation {
        Read, Write, Create, Delete, Alter, Describe, ClusterAction, AlterConfigs, DescribeConfigs, IdempotentWrite,
        All
    }

    /** One rule: a resource pattern, its operations, allow or deny. */
    record Rule(String type, String name, boolean prefix, Set<Operation> operations, boolean deny) {

        boolean covers(String resourceType, String resourceName) {
            if (!type.equals(resourceType)) {
                return false;
            }
            if (type.equals("cluster")) {
                return true;
            }
            return prefix ? resourceName.startsWith(name) : name.equals("*") || name.equals(resourceName);
        }

        /** Whether this rule could apply to some resource whose name starts with {@code namePrefix}. */
        boolean reaches(String resourceType, String namePrefix) {
            return type.equals(resourceType) && (name.equals("*") && !prefix || name.startsWith(namePrefix)
                    || prefix && namePrefix.startsWith(name));
        }

        /** Whether the rule names the operation; an allow rule also grants what its operations imply. */
        boolean applies(Operation operation) {
            boolean named = operations.contains(Operation.All) || operations.contains(operation);
            if (named || deny) {
                return named;
            }
            return operation == Operation.Describe && !Collections.disjoint(operations, IMPLY_DESCRIBE)
                    || operation == Operation.DescribeConfigs && operations.contains(Operation.AlterConfigs);
        }
    }

    /** The ACLs of a KafkaUser resource (none if it has no simple authorization). */
    static KafkaAcls of(JsonNode kafkaUser) {
        List<Rule> rules = new ArrayList<>();
        JsonNode authorization = kafkaUser.path("spec").path("authorization");
        if (authorization.path("type").asText().equals("simple")) {
            for (JsonNode acl : authorization.path("acls")) {
                JsonNode resource = acl.path("resource");
                Set<Operation> operations = EnumSet.noneOf(Operation.class);
                acl.path("operations").forEach(o -> operations.add(Operation.valueOf(o.asText())));
                if (acl.has("operation")) {
                    operations.add(Operation.valueOf(acl.get("operation").asText()));
                }
                rules.add(new Rule(resource.path("type").asText(), resource.path("name").asText(),
                        resource.path("patternType").asText("literal").equals("prefix"), operations,
                        acl.path("type").asText("allow").equals("deny")));
            }
        }
        return new KafkaAcls(Manifests.name(kafkaUser), rules);
    }

    boolean allows(String resourceType, String resourceName, Operation operation) {
        List<Rule> applicable = rules.stream()
                .filter(r -> r.covers(resourceType, resourceName) && r.applies(operation)).toList();
        return applicable.stream().anyMatch(r -> !r.deny()) && applicable.stream().noneMatch(Rule::deny);
    }

    /** Every operation allowed on a resource (All itself left out: it is never asked for). */
    Set<Operation> allowed(String resourceType, String resourceName) {
        Set<Operation> allowed = EnumSet.noneOf(Operation.class);
        for (Operation operation : Operation.values()) {
            if (operation != Operation.All && allows(resourceType, resourceName, operation)) {
                allowed.add(operation);
            }
        }
        return allowed;
    }

    /** The allow rules that could apply to any resource named with {@code namePrefix}. */
    List<Rule> reaching(String resourceType, String namePrefix) {
        return rules.stream().filter(r -> !r.deny() && r.reaches(resourceType, namePrefix)).toList();
    }
}
