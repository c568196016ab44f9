package fr.douane.keycloak.it.harness;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * JUnit 5 extension giving tests the {@link DouaneEnvironment}. The environment lives in the root
 * store, so the servers start once per test run (not once per class) and stop when the run ends.
 * When a test fails, the end of Keycloak's log is printed beside the failure. After every test the
 * directory link is up again, whatever the test left it in.
 */
public final class DouaneKeycloakExtension implements ParameterResolver, TestWatcher, AfterEachCallback {

    private static final String KEY = DouaneEnvironment.class.getName();
    private static final String TESTCONTAINERS = "testcontainers";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DouaneEnvironment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (TESTCONTAINERS.equals(System.getProperty("keycloak.target"))) {
            // Without a Docker engine this path is skipped, never failed.
            Assumptions.assumeTrue(ContainerKeycloak.dockerAvailable(),
                    "keycloak.target=testcontainers but no Docker engine is reachable");
        }
        return environment(context);
    }

    static DouaneEnvironment environment(ExtensionContext context) {
        Holder holder = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KEY, k -> new Holder(start()), Holder.class);
        return holder.environment;
    }

    private static DouaneEnvironment start() {
        if (TESTCONTAINERS.equals(System.getProperty("keycloak.target"))) {
            return DouaneEnvironment.startWithContainer();
        }
        // Statements are tracked so that tests can count what reaches the directory.
        return DouaneEnvironment.start(Ports.free(), Ports.free(), Ports.free(), true);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Holder holder = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).get(KEY, Holder.class);
        if (holder != null && holder.environment.directoryLink() != null) {
            holder.environment.directoryLink().set(DirectoryLink.State.UP);
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Holder holder = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).get(KEY, Holder.class);
        if (holder != null) {
            System.err.println("==== " + context.getDisplayName() + " failed; end of Keycloak's log ("
                    + holder.environment.keycloak().log() + ") ====");
            System.err.println(holder.environment.keycloak().tail(150));
            System.err.println("==== end of Keycloak's log ====");
        }
    }

    /** Closes the environment when the root context (the whole run) closes. */
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        private final DouaneEnvironment environment;

        Holder(DouaneEnvironment environment) {
            this.environment = environment;
        }

        @Override
        public void close() throws Throwable {
            environment.close();
        }
    }
}
