package io.github.logtoreactive.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a {@link LogtoTestServer} on a free port for a test class and injects it into test and lifecycle
 * methods that declare a {@link LogtoTestServer} parameter. The server is started once per class, {@link
 * LogtoTestServer#reset() reset} before each test and stopped after the class.
 *
 * <pre>{@code
 * @WithLogtoTestServer(autoLogin = "user-1")
 * class SignInTests {
 *     @Test
 *     void signInWhenAutoLoginThenRedirectsWithCode(LogtoTestServer server) { ... }
 * }
 * }</pre>
 *
 * <p>For full control, register {@link LogtoTestServerExtension#of(LogtoTestServer.Builder)} with
 * {@code @RegisterExtension} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LogtoTestServerExtension.class)
public @interface WithLogtoTestServer {

	/**
	 * A class path resource with the server configuration ({@code .json}, or {@code .yaml}/{@code .yml}); when
	 * empty, the server serves {@link TestTenant#sample()}.
	 * @return the resource name, e.g. {@code "logto-test-server.json"}
	 */
	String config() default "";

	/**
	 * @return the user to sign in without the sign-in page, or empty for the page (overrides the file)
	 */
	String autoLogin() default "";

	/**
	 * @return the signing key type
	 */
	SigningKeyType signingKey() default SigningKeyType.EC_P384;

	/**
	 * @return the refresh token rotation policy
	 */
	RefreshTokenRotation refreshTokenRotation() default RefreshTokenRotation.AFTER_70_PERCENT;
}
