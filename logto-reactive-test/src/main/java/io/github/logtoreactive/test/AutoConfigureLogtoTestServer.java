package io.github.logtoreactive.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test context at an embedded {@link LogtoTestServer} with the
 * {@linkplain TestTenant#sample() sample tenant}: the server starts with the context, stops when the
 * context closes, is a bean (inject it with {@code @Autowired LogtoTestServer server}), and these properties are set
 * (taking precedence over the application's): {@code logto.endpoint}, {@code logto.app-id} ({@code test-app}),
 * {@code logto.app-secret}, {@code logto.base-url} ({@code http://localhost:8080}, the origin of the sample app's
 * redirect URI), a random {@code logto.cookie.secret} and {@code logto.cookie.secure=false}. No hand-written
 * properties, no {@code @DynamicPropertySource}.
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
 *         var signedIn = WebTestClientSignIn.with(logto).user("user-1").signIn(client);
 *         client.get().uri("/dashboard").cookies(signedIn::applyTo).exchange().expectStatus().isOk();
 *     }
 * }
 * }</pre>
 *
 * Needs {@code spring-test} on the test class path; read by {@link LogtoTestServerContextCustomizerFactory}.
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
