package io.reelay.config;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.smallrye.config.WithDefault;

/**
 * Every key of {@link ReelayConfig}, read from the interfaces as SmallRye names them (a map's entry key is {@code *}),
 * with its {@code @WithDefault} value; {@link Kind} says what a key without one is.
 */
final class RootKeys {

    enum Kind {
        DEFAULT, OPTIONAL, MAP, REQUIRED
    }

    record Key(Kind kind, String defaultValue) {
    }

    private RootKeys() {
    }

    static Map<String, Key> all() {
        Map<String, Key> keys = new TreeMap<>();
        walk(ReelayConfig.class, "reelay", keys);
        return keys;
    }

    private static void walk(Class<?> group, String prefix, Map<String, Key> keys) {
        for (Method method : group.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault()) {
                continue;
            }
            String name = prefix + "." + method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            Class<?> type = method.getReturnType();
            if (Map.class.isAssignableFrom(type)) {
                Class<?> value = (Class<?>) ((ParameterizedType) method.getGenericReturnType()).getActualTypeArguments()[1];
                if (isGroup(value)) {
                    walk(value, name + ".*", keys);
                } else {
                    keys.put(name + ".*", new Key(Kind.MAP, null));
                }
            } else if (isGroup(type)) {
                walk(type, name, keys);
            } else if (method.isAnnotationPresent(WithDefault.class)) {
                keys.put(name, new Key(Kind.DEFAULT, method.getAnnotation(WithDefault.class).value()));
            } else {
                keys.put(name, new Key(type == Optional.class ? Kind.OPTIONAL : Kind.REQUIRED, null));
            }
        }
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && type.getName().startsWith(ReelayConfig.class.getName());
    }
}
