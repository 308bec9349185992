package io.reelay.lifecycle.query;

import java.util.List;

/** Lists requests from the stores of this instance's partitions, and names the instances that own the others. */
public interface RequestListQuery {

    /** The newest requests of this instance's own partitions that {@code filter} accepts (never null). */
    LocalPage local(ListFilter filter);

    /** The other members of the group that own partitions now (empty while none are known). */
    List<Instance> others();

    /** This instance as the others reach it. */
    Instance self();
}
