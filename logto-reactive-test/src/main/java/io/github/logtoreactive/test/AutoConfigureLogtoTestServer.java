package io.github.logtoreactive.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test context at an embedded {@link LogtoTestServer} that serves the application as configured: the
 * tenant is derived from the application's own {@code logto.*} settings (its {@code logto.app-id} and secret, or
 * generated ones; the redirect URI from {@code logto.base-url}, else {@code http://localhost:<server.port>}; its
 * {@code logto.resources} with the API scopes of {@code logto.scopes}) plus the demo users {@code user-1} (alice,
 * role {@code admin}, which holds every scope of the application's API resources) and {@code user-2} (bob), their
 * organizations {@code org-1} and {@code org-2}, and the demo API resources ({@code TestTenant.demo()}).
 *
 * <p>
 * The server starts with the context, stops when the context closes, is a bean (inject it with
 * {@code @Autowired LogtoTestServer logto}), and these properties point at it, taking precedence over the
 * application's: {@code logto.endpoint}, {@code logto.app-id}, {@code logto.app-secret}, {@code logto.base-url}, and,
 * when the application sets none, a random {@code logto.cookie.secret} and {@code logto.cookie.secure=false} for an
 * http base URL. No hand-written properties, no {@code @DynamicPropertySource}.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureWebTestClient
 * @AutoConfigureLogtoTestServer
 * class SignInTests {
 *     @Autowired WebTestClient client;
 *     @Autowired LogtoTestServer logto;
 *
 *     @Test
 *     void signedInUserSeesTheDashboard() {
 *         SignedInCookies alice = WebTestClientSignIn.with(logto).user("user-1").signIn(client);
 *         client.get().uri("/dashboard").cookies(alice::applyTo).exchange().expectStatus().isOk();
 *     }
 * }
 * }</pre>
 *
 * To run the application itself against the embedded server, see {@link LogtoDevServer}. Needs {@code spring-test}
 * and Spring Boot on the test class path; read by {@link LogtoTestServerContextCustomizerFactory}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureLogtoTestServer {

	/**
	 * @return the user to sign in without the sign-in page ({@code user-1} or {@code user-2}), or empty for the page
	 */
	String autoLogin() default "";
}
