package io.github.logtoreactive.test;

/**
 * Runs a Spring Boot application against the embedded {@link LogtoTestServer} during development, the way Boot's
 * Testcontainers support runs it against containers: add this class to the application's sources in a main class
 * under {@code src/test/java}, and start that class (from the IDE, {@code mvn spring-boot:test-run} or
 * {@code gradle bootTestRun}).
 *
 * <pre>{@code
 * public class TestApplication {
 *     public static void main(String[] args) {
 *         SpringApplication.from(Application::main).with(LogtoDevServer.class).run(args);
 *     }
 * }
 * }</pre>
 *
 * Before the application context is created the server starts with a tenant derived from the application's own
 * {@code logto.*} settings (its app id, redirect URI, API resources and scopes) plus the demo users alice and bob
 * (see {@code TestTenant.demo()}); {@code logto.endpoint}, {@code logto.app-id}, {@code logto.app-secret},
 * {@code logto.base-url} (and a cookie secret when the application has none) then point at it, taking precedence over
 * the application's; the server is the bean {@code logtoTestServer} and stops with the context. One log line names
 * the server, the sign-in URL and the users.
 *
 * <p>
 * <strong>Never in production.</strong> The server signs anyone in as a demo user, so it starts only when asked for
 * in code that is not shipped: this class among the application's sources (a test-scoped dependency is never in a
 * packaged application, and neither is {@code src/test}). An application that asks for it while running packaged (its
 * classes loaded from a jar: {@code java -jar}, Spring Boot's launcher, an installed jar) fails to start with an
 * {@link IllegalStateException} saying so, whatever the dependency's scope.
 *
 * <p>
 * Tests use {@link AutoConfigureLogtoTestServer} instead. Needs Spring Boot (any Boot application has it).
 */
public final class LogtoDevServer {

	LogtoDevServer() {
	}
}
