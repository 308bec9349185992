package io.reelay.lifecycle.submit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * The submits waiting for a permit and their provider's rate budget, in the order they are offered them: strict
 * priority (1 first), then, within a priority, weighted fair across tenants (stride scheduling: each tenant's pass
 * grows by 1/weight for every submit it is served, the tenant with the lowest pass goes next), first come first
 * served within a tenant. A tenant that starts waiting joins at the level's current pass, so however many submits
 * another tenant has waiting, its first one is at most about one turn away.
 *
 * <p>With {@link Policy#FIRST_COME} the order is arrival alone (the baseline the fairness benchmark measures against).
 * Not thread safe: the stream thread only. Pure: no clock, no Kafka, so it is tested alone.
 */
public final class SubmitQueue {

    /** How waiting submits are ordered ({@code reelay.scheduling.policy}). */
    public enum Policy {
        /** Priority, then weighted fair across tenants, then arrival. */
        FAIR,
        /** Arrival alone, whatever the priority or tenant. */
        FIRST_COME
    }

    /** A pass step for weight 1; a tenant of weight w steps by STRIDE / w. */
    static final long STRIDE = 1L << 24;
    private static final String ONE_TENANT = "";

    private final Policy policy;
    private final ToIntFunction<String> weights;
    /** By priority, lowest (first served) first. */
    private final TreeMap<Integer, Level> levels = new TreeMap<>();
    private final Map<String, Item> items = new HashMap<>();
    /** How many submits wait in each group. */
    private final Map<String, Integer> groups = new HashMap<>();
    private long arrivals;
    /** The places computed at this tick, or null: computed again at most once per {@link #tick}. */
    private Positions places;

    private record Item(String id, int priority, String tenant, long seq, String group) {
    }

    /** One priority's tenants. */
    private static final class Level {
        final Map<String, Tenant> tenants = new HashMap<>();
        /** The pass of the last submit served: a tenant that starts waiting starts here. */
        long virtual;
    }

    /** One tenant's submits at one priority, by arrival. */
    private static final class Tenant {
        final TreeMap<Long, String> waiting = new TreeMap<>();
        long pass;
        final long stride;

        Tenant(long stride) {
            this.stride = stride;
        }
    }

    /**
     * @param policy the order
     * @param weights a tenant's weight (values below 1 count as 1)
     */
    public SubmitQueue(Policy policy, ToIntFunction<String> weights) {
        this.policy = policy;
        this.weights = weights;
    }

    /** Adds a submit; one already waiting keeps its place. A null tenant or priority counts as "" and 3. */
    public boolean add(String id, String tenant, Integer priority) {
        return add(id, tenant, priority, "");
    }

    /**
     * Adds a submit counted in {@code group} (its provider) for {@link #positions}; the group does not change the
     * order.
     *
     * @return false if it was already waiting (it keeps its place)
     */
    public boolean add(String id, String tenant, Integer priority, String group) {
        if (items.containsKey(id)) {
            return false;
        }
        boolean fair = policy == Policy.FAIR;
        int level = fair ? (priority == null ? 3 : priority) : 0;
        String who = fair ? (tenant == null ? ONE_TENANT : tenant) : ONE_TENANT;
        Item item = new Item(id, level, who, arrivals++, group == null ? "" : group);
        items.put(id, item);
        groups.merge(item.group(), 1, Integer::sum);
        Level l = levels.computeIfAbsent(level, k -> new Level());
        Tenant t = l.tenants.get(who);
        if (t == null) {
            t = new Tenant(STRIDE / Math.max(1, Math.min((int) STRIDE, weights.applyAsInt(who))));
            t.pass = l.virtual;
            l.tenants.put(who, t);
        }
        t.waiting.put(item.seq(), id);
        return true;
    }

    /** Takes a submit out without serving it (withdrawn, or ended). False if it was not waiting. */
    public boolean remove(String id) {
        Item item = items.remove(id);
        if (item == null) {
            return false;
        }
        groups.computeIfPresent(item.group(), (g, n) -> n > 1 ? n - 1 : null);
        Level l = levels.get(item.priority());
        Tenant t = l.tenants.get(item.tenant());
        t.waiting.remove(item.seq());
        if (t.waiting.isEmpty() && t.pass <= l.virtual) {
            l.tenants.remove(item.tenant()); // it would join at the level's pass anyway
        }
        if (l.tenants.isEmpty()) {
            levels.remove(item.priority());
        }
        return true;
    }

    public boolean contains(String id) {
        return items.containsKey(id);
    }

    public int size() {
        return items.size();
    }

    /** How many submits wait in {@code group}. */
    public int size(String group) {
        return groups.getOrDefault(group == null ? "" : group, 0);
    }

    /** How many groups (providers) have submits waiting. */
    public int groups() {
        return groups.size();
    }

    /** The tenant a waiting submit was added for ("" under first-come), or null. */
    public String tenantOf(String id) {
        Item item = items.get(id);
        return item == null ? null : item.tenant();
    }

    /** A pass over the waiting submits in the order they are offered a slot; see {@link Round}. */
    public Round round() {
        return new Round();
    }

    /**
     * The waiting submits in order, as far as {@code limit}: what a round would offer if every one were served.
     * O(limit log tenants).
     */
    public List<String> order(int limit) {
        List<String> order = new ArrayList<>();
        Round round = new Round(false);
        String id;
        while (order.size() < limit && (id = round.next()) != null) {
            order.add(id);
            round.serveVirtually();
        }
        return order;
    }

    /** A new scheduling tick: the next {@link #positions} computes the places afresh (once until the next tick). */
    public void tick() {
        places = null;
    }

    /**
     * Every waiting submit's place in its group, 1 first: the order {@link #order} gives, counted per group. Computed
     * once per {@link #tick} when first asked, in O(n log n), and kept: a submit added since is not in it until the
     * next tick. So asking for every waiting submit's place costs one walk per tick, not one per submit.
     */
    public Positions positions() {
        if (places == null) {
            Map<String, Integer> place = new HashMap<>(items.size() * 2);
            Map<String, Integer> waiting = new HashMap<>();
            for (String id : order(Integer.MAX_VALUE)) {
                place.put(id, waiting.merge(items.get(id).group(), 1, Integer::sum));
            }
            places = new Positions(place, waiting);
        }
        return places;
    }

    /**
     * A waiting submit's place in its group (1: next) as of this tick's {@link #positions}, or -1 if it is not
     * waiting or came after them.
     */
    public int position(String id) {
        if (!items.containsKey(id)) {
            return -1;
        }
        Integer place = positions().place().get(id);
        return place == null ? -1 : place;
    }

    /**
     * The places of one tick.
     *
     * @param place each waiting submit's place in its group, 1 first
     * @param waiting how many submits wait in each group
     */
    public record Positions(Map<String, Integer> place, Map<String, Integer> waiting) {

        public int waiting(String group) {
            return waiting.getOrDefault(group, 0);
        }
    }

    /**
     * One walk over the waiting submits in order. {@link #next} offers the next one; the caller either serves it
     * ({@link #take}: it leaves the queue, its tenant's turn is used) or leaves it waiting by asking for the next
     * (its place and its tenant's turn are kept: a submit held back spends nothing). Removing submits meanwhile is
     * allowed.
     */
    public final class Round {

        private final boolean serving;
        private final java.util.Iterator<Map.Entry<Integer, Level>> levelsLeft;
        private Level level;
        private PriorityQueue<Cursor> cursors;
        private Cursor current;
        private boolean taken;
        private boolean passedOver;

        /** A tenant's place in this round: its pass here and the arrival of its submit offered next. */
        private record Cursor(Tenant tenant, long pass, long seq) {
        }

        private Round() {
            this(true);
        }

        private Round(boolean serving) {
            this.serving = serving;
            // A copy: levels may empty (and go) while the round walks them.
            this.levelsLeft = new ArrayList<>(levels.entrySet()).iterator();
        }

        /** The next submit offered a slot, or null when every one has been offered. */
        public String next() {
            advance(current == null ? 0 : taken ? current.tenant().stride : 0);
            current = null;
            taken = false;
            passedOver = false;
            while (true) {
                if (cursors == null || cursors.isEmpty()) {
                    if (!levelsLeft.hasNext()) {
                        return null;
                    }
                    level = levelsLeft.next().getValue();
                    cursors = new PriorityQueue<>((a, b) -> a.pass() != b.pass() ? Long.compare(a.pass(), b.pass())
                            : Long.compare(a.seq(), b.seq()));
                    for (Tenant t : level.tenants.values()) {
                        if (!t.waiting.isEmpty()) {
                            cursors.add(new Cursor(t, t.pass, t.waiting.firstKey()));
                        }
                    }
                    continue;
                }
                Cursor c = cursors.poll();
                String id = c.tenant().waiting.get(c.seq());
                if (id == null) { // removed since it was looked up: its tenant's next one
                    Long later = c.tenant().waiting.higherKey(c.seq());
                    if (later != null) {
                        cursors.add(new Cursor(c.tenant(), c.pass(), later));
                    }
                    continue;
                }
                current = c;
                return id;
            }
        }

        /** Serves the submit {@link #next} offered last: it leaves the queue and its tenant's turn is used. */
        public void take() {
            if (current == null || taken) {
                throw new IllegalStateException("nothing offered to take");
            }
            String id = current.tenant().waiting.get(current.seq());
            taken = true;
            if (id == null) {
                return;
            }
            Tenant t = current.tenant();
            t.pass = Math.max(t.pass, current.pass()) + t.stride;
            level.virtual = Math.max(level.virtual, current.pass());
            remove(id);
        }

        /**
         * Leaves the offered submit and the rest of its tenant's at this priority out of this round, all in their
         * places (a tenant at its quota: none of its submits could go). O(1): the round does not walk them.
         */
        public void passOver() {
            if (current == null || taken) {
                throw new IllegalStateException("nothing offered to pass over");
            }
            passedOver = true;
        }

        /** For a walk that only looks: the offered submit counts as served in this round alone. */
        private void serveVirtually() {
            taken = true;
        }

        private void advance(long step) {
            if (current == null || passedOver) {
                return;
            }
            Long later = current.tenant().waiting.higherKey(current.seq());
            if (later != null) {
                cursors.add(new Cursor(current.tenant(), current.pass() + step, later));
            }
        }
    }
}
