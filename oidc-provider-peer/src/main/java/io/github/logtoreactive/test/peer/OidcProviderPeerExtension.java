package io.github.logtoreactive.test.peer;

import java.util.Objects;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs an {@link OidcProviderPeer} around a test class, for {@code @RegisterExtension}:
 * <pre>{@code
 * @RegisterExtension
 * static OidcProviderPeerExtension peer = OidcProviderPeerExtension.of(
 *     OidcProviderPeer.builder().tenant(TestTenant.sample()).autoLogin("user-1"));
 *
 * @Test
 * void signIn(OidcProviderPeer peer) { String issuer = peer.issuer(); }
 * }</pre>
 * A static field starts one peer per class (started in {@code beforeAll} on the test's main thread, and
 * {@link OidcProviderPeer#reset() reset} before each test); an instance field starts one per test. Test methods
 * can take the peer as a parameter.
 */
public final class OidcProviderPeerExtension
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

	private final OidcProviderPeer.Builder builder;

	private OidcProviderPeer peer;

	private int classDepth;

	private boolean perTest;

	private OidcProviderPeerExtension(OidcProviderPeer.Builder builder) {
		this.builder = builder;
	}

	/**
	 * @param builder the peer's configuration; built when the extension starts the peer
	 * @return a new extension
	 */
	public static OidcProviderPeerExtension of(OidcProviderPeer.Builder builder) {
		return new OidcProviderPeerExtension(Objects.requireNonNull(builder, "builder"));
	}

	/** @return the running peer */
	public OidcProviderPeer peer() {
		if (this.peer == null) {
			throw new IllegalStateException("the oidc-provider peer is only available while tests run");
		}
		return this.peer;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (this.classDepth++ == 0) {
			this.peer = this.builder.build().start();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (--this.classDepth == 0 && this.peer != null) {
			this.peer.stop();
			this.peer = null;
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		if (this.peer == null) {
			this.perTest = true;
			this.peer = this.builder.build().start();
		}
		else if (!this.perTest) {
			this.peer.reset();
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (this.perTest && this.peer != null) {
			this.peer.stop();
			this.peer = null;
			this.perTest = false;
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == OidcProviderPeer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return peer();
	}
}
