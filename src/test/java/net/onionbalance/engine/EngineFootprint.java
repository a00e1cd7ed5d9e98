package net.onionbalance.engine;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How much state the engine holds, counted the same way every time: the elements of every collection,
 * map and array reachable from a {@link Balancer} through fields of our own classes (and through the
 * elements of those collections), each object counted once. A figure that grows day after day on a
 * simulated clock is state that is never let go. The walk stops at tor, the clock and everything not
 * ours that is not a collection (JDK internals are read through their public API only).
 */
final class EngineFootprint {
    /** Collection elements, and the number of distinct objects of ours, reachable from the balancer. */
    record Counts(long elements, long objects) {}

    private EngineFootprint() {}

    static Counts of(Object root, Set<Object> excluded) {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        excluded.forEach(o -> seen.put(o, true));
        Deque<Object> todo = new ArrayDeque<>();
        todo.push(root);
        long elements = 0;
        long objects = 0;
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (o == null || seen.put(o, true) != null) {
                continue;
            }
            if (o instanceof Map<?, ?> m) {
                elements += m.size();
                for (Map.Entry<?, ?> e : snapshotOf(m.entrySet())) {
                    push(todo, e.getKey());
                    push(todo, e.getValue());
                }
            } else if (o instanceof Collection<?> c) {
                elements += c.size();
                for (Object e : snapshotOf(c)) {
                    push(todo, e);
                }
            } else if (o.getClass().isArray()) {
                // Arrays of objects count their slots; byte arrays (keys, texts) are values, not state that piles up.
                if (!o.getClass().getComponentType().isPrimitive()) {
                    int n = Array.getLength(o);
                    elements += n;
                    for (int i = 0; i < n; i++) {
                        push(todo, Array.get(o, i));
                    }
                }
            } else if (o instanceof Optional<?> opt) {
                opt.ifPresent(v -> push(todo, v));
            } else if (ours(o.getClass())) {
                objects++;
                for (Class<?> c = o.getClass(); c != null && ours(c); c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                            continue;
                        }
                        try {
                            f.setAccessible(true);
                            push(todo, f.get(o));
                        } catch (ReflectiveOperationException | RuntimeException e) {
                            // a field we may not read: not counted
                        }
                    }
                }
            }
        }
        return new Counts(elements, objects);
    }

    private static void push(Deque<Object> todo, Object o) {
        if (o != null && !(o instanceof CharSequence) && !(o instanceof Number) && !(o instanceof Enum<?>)) {
            todo.push(o);
        }
    }

    /** The engine thread may be changing a collection while the test walks it: copy, retrying. */
    private static <T> Collection<T> snapshotOf(Collection<T> c) {
        for (int i = 0; ; i++) {
            try {
                return java.util.List.copyOf(c.stream().filter(java.util.Objects::nonNull).toList());
            } catch (java.util.ConcurrentModificationException e) {
                if (i > 20) {
                    throw e;
                }
            }
        }
    }

    private static boolean ours(Class<?> c) {
        return c.getName().startsWith("net.onionbalance.");
    }
}
