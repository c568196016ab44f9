package fr.douane.keycloak.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Minimal stand-ins for Keycloak's session, context, realm, user and theme: interface proxies answering
 * only the methods the password policies call, every other method returns null / 0 / false.
 *
 * <p>Hand-written proxies rather than Mockito: a Mockito answer costs around a microsecond, which would be
 * billed to the stock chain (it asks the context for the realm's policy once per policy) and hide the
 * difference being measured. A proxy call costs a few nanoseconds, the same on both sides.
 */
final class Stubs {

    private Stubs() {
    }

    /** Builds a proxy of {@code type}; {@code answers} maps a method name to its answer (given the arguments). */
    static <T> T stub(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        InvocationHandler handler = (proxy, method, args) -> {
            Function<Object[], Object> answer = answers.get(method.getName());
            if (answer != null) {
                return answer.apply(args);
            }
            if ("toString".equals(method.getName()) && method.getParameterCount() == 0) {
                return "stub " + type.getSimpleName();
            }
            if ("hashCode".equals(method.getName()) && method.getParameterCount() == 0) {
                return System.identityHashCode(proxy);
            }
            if ("equals".equals(method.getName()) && method.getParameterCount() == 1) {
                return proxy == args[0];
            }
            return defaultValue(method);
        };
        return type.cast(Proxy.newProxyInstance(Stubs.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    static Map<String, Function<Object[], Object>> answers() {
        return new HashMap<>();
    }

    private static Object defaultValue(Method m) {
        Class<?> r = m.getReturnType();
        if (!r.isPrimitive() || r == void.class) {
            return null;
        }
        if (r == boolean.class) {
            return false;
        }
        if (r == char.class) {
            return '\0';
        }
        if (r == long.class) {
            return 0L;
        }
        if (r == float.class) {
            return 0f;
        }
        if (r == double.class) {
            return 0d;
        }
        if (r == byte.class) {
            return (byte) 0;
        }
        if (r == short.class) {
            return (short) 0;
        }
        return 0;
    }
}
