package io.github.logtoreactive;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What one sign-in asks for: where Logto redirects back, where the user goes afterwards, and every sign-in option
 * Logto understands. Immutable; build with {@link #builder(String)}.
 *
 * <pre>{@code
 * SignInOptions options = SignInOptions.builder("https://app.example.com/logto/callback")
 *     .postRedirectUri("/dashboard")
 *     .firstScreen(FirstScreen.REGISTER)
 *     .identifiers(Identifier.EMAIL)
 *     .build();
 * }</pre>
 *
 * {@link Builder#build()} throws {@link IllegalArgumentException} for an invalid value: a redirect URI that is not an
 * absolute http(s) URL, a post-sign-in redirect that could send the user to another site (an open redirect), or an
 * extra parameter that would override one of the protocol's own ({@link #RESERVED_PARAMETERS}).
 */
public final class SignInOptions {

	/**
	 * Parameters {@link Builder#extraParam(String, String)} may not set: the protocol's own and every named option.
	 */
	public static final Set<String> RESERVED_PARAMETERS = Set.of("client_id", "redirect_uri", "response_type",
			"response_mode", "scope", "resource", "prompt", "state", "nonce", "code_challenge",
			"code_challenge_method", "request", "request_uri", "first_screen", "identifier", "direct_sign_in",
			"login_hint", "one_time_token", "ui_locales", "organization_id", "interaction_mode");

	/**
	 * The deprecated {@code interaction_mode} parameter; use {@link FirstScreen} instead.
	 */
	public enum InteractionMode {

		/** {@code signIn}. */
		SIGN_IN("signIn"),

		/** {@code signUp}. */
		SIGN_UP("signUp");

		private final String value;

		InteractionMode(String value) {
			this.value = value;
		}

		/**
		 * @return the wire value
		 */
		public String value() {
			return this.value;
		}
	}

	private final String redirectUri;

	private final @Nullable String postRedirectUri;

	private final List<Prompt> prompt;

	private final @Nullable FirstScreen firstScreen;

	private final List<Identifier> identifiers;

	private final @Nullable DirectSignIn directSignIn;

	private final @Nullable String loginHint;

	private final @Nullable String oneTimeToken;

	private final @Nullable String uiLocales;

	private final @Nullable String organizationId;

	private final @Nullable InteractionMode interactionMode;

	private final Map<String, String> extraParams;

	private SignInOptions(Builder b) {
		this.redirectUri = b.redirectUri;
		this.postRedirectUri = b.postRedirectUri;
		this.prompt = List.copyOf(b.prompt);
		this.firstScreen = b.firstScreen;
		this.identifiers = List.copyOf(b.identifiers);
		this.directSignIn = b.directSignIn;
		this.loginHint = b.loginHint;
		this.oneTimeToken = b.oneTimeToken;
		this.uiLocales = b.uiLocales;
		this.organizationId = b.organizationId;
		this.interactionMode = b.interactionMode;
		this.extraParams = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraParams));
	}

	/**
	 * @param redirectUri the absolute http(s) URL Logto redirects back to, registered in the Logto Console; the
	 * callback must arrive on exactly this scheme, host, port and path
	 * @return a builder
	 * @throws IllegalArgumentException when the URL is not absolute http(s) or has a fragment
	 */
	public static Builder builder(String redirectUri) {
		return new Builder(redirectUri);
	}

	/**
	 * @return the redirect URI
	 */
	public String redirectUri() {
		return this.redirectUri;
	}

	/**
	 * @return where to send the user after the callback, or {@code null}
	 */
	public @Nullable String postRedirectUri() {
		return this.postRedirectUri;
	}

	/**
	 * @return the prompt values overriding the configuration's, or an empty list to use the configuration's
	 */
	public List<Prompt> prompt() {
		return this.prompt;
	}

	/**
	 * @return the {@code first_screen}, or {@code null}
	 */
	public @Nullable FirstScreen firstScreen() {
		return this.firstScreen;
	}

	/**
	 * @return the {@code identifier} values (may be empty)
	 */
	public List<Identifier> identifiers() {
		return this.identifiers;
	}

	/**
	 * @return the {@code direct_sign_in}, or {@code null}
	 */
	public @Nullable DirectSignIn directSignIn() {
		return this.directSignIn;
	}

	/**
	 * @return the {@code login_hint}, or {@code null}
	 */
	public @Nullable String loginHint() {
		return this.loginHint;
	}

	/**
	 * @return the {@code one_time_token}, or {@code null}
	 */
	public @Nullable String oneTimeToken() {
		return this.oneTimeToken;
	}

	/**
	 * @return the {@code ui_locales} (space-separated language tags), or {@code null}
	 */
	public @Nullable String uiLocales() {
		return this.uiLocales;
	}

	/**
	 * @return the {@code organization_id}, or {@code null}
	 */
	public @Nullable String organizationId() {
		return this.organizationId;
	}

	/**
	 * @return the deprecated {@code interaction_mode}, or {@code null}; sent only when no first screen is set
	 */
	public @Nullable InteractionMode interactionMode() {
		return this.interactionMode;
	}

	/**
	 * @return additional authorization parameters, in order (unmodifiable)
	 */
	public Map<String, String> extraParams() {
		return this.extraParams;
	}

	@Override
	public String toString() {
		return "SignInOptions{redirectUri=" + this.redirectUri + ", postRedirectUri=" + this.postRedirectUri
				+ ", firstScreen=" + this.firstScreen + ", extraParams=" + this.extraParams.keySet() + "}";
	}

	/**
	 * Builds {@link SignInOptions}. Not thread-safe.
	 */
	public static final class Builder {

		private final String redirectUri;

		private final URI parsedRedirectUri;

		private @Nullable String postRedirectUri;

		private List<Prompt> prompt = List.of();

		private @Nullable FirstScreen firstScreen;

		private List<Identifier> identifiers = List.of();

		private @Nullable DirectSignIn directSignIn;

		private @Nullable String loginHint;

		private @Nullable String oneTimeToken;

		private @Nullable String uiLocales;

		private @Nullable String organizationId;

		private @Nullable InteractionMode interactionMode;

		private final Map<String, String> extraParams = new LinkedHashMap<>();

		private Builder(String redirectUri) {
			Objects.requireNonNull(redirectUri, "redirectUri");
			this.parsedRedirectUri = parseRedirectUri(redirectUri);
			this.redirectUri = redirectUri;
		}

		/**
		 * @param postRedirectUri where to send the user after the callback: a path on this site ({@code /dashboard})
		 * or an absolute URL with the redirect URI's scheme, host and port; {@code null} for none
		 * @return this builder
		 */
		public Builder postRedirectUri(@Nullable String postRedirectUri) {
			this.postRedirectUri = postRedirectUri;
			return this;
		}

		/**
		 * @param prompt prompt values overriding the configuration's (none to use the configuration's)
		 * @return this builder
		 */
		public Builder prompt(Prompt... prompt) {
			this.prompt = List.of(prompt);
			return this;
		}

		/**
		 * @param firstScreen the screen the sign-in experience opens on, or {@code null}
		 * @return this builder
		 */
		public Builder firstScreen(@Nullable FirstScreen firstScreen) {
			this.firstScreen = firstScreen;
			return this;
		}

		/**
		 * @param identifiers the identifier types to offer (space-joined on the wire)
		 * @return this builder
		 */
		public Builder identifiers(Identifier... identifiers) {
			this.identifiers = List.of(identifiers);
			return this;
		}

		/**
		 * @param directSignIn go straight to a social or SSO connector, or {@code null}
		 * @return this builder
		 */
		public Builder directSignIn(@Nullable DirectSignIn directSignIn) {
			this.directSignIn = directSignIn;
			return this;
		}

		/**
		 * @param loginHint pre-fill the identifier (e.g. an email), or {@code null}
		 * @return this builder
		 */
		public Builder loginHint(@Nullable String loginHint) {
			this.loginHint = loginHint;
			return this;
		}

		/**
		 * @param oneTimeToken a Logto one-time token (magic link), or {@code null}
		 * @return this builder
		 */
		public Builder oneTimeToken(@Nullable String oneTimeToken) {
			this.oneTimeToken = oneTimeToken;
			return this;
		}

		/**
		 * @param uiLocales preferred languages as BCP 47 tags in order, e.g. {@code "fr-CA fr en"}, or {@code null}
		 * @return this builder
		 */
		public Builder uiLocales(@Nullable String uiLocales) {
			this.uiLocales = uiLocales;
			return this;
		}

		/**
		 * @param organizationId the organization to sign in to, or {@code null}
		 * @return this builder
		 */
		public Builder organizationId(@Nullable String organizationId) {
			this.organizationId = organizationId;
			return this;
		}

		/**
		 * @param interactionMode the deprecated {@code interaction_mode}, sent only when no first screen is set
		 * @return this builder
		 * @deprecated use {@link #firstScreen(FirstScreen)}
		 */
		@Deprecated
		public Builder interactionMode(@Nullable InteractionMode interactionMode) {
			this.interactionMode = interactionMode;
			return this;
		}

		/**
		 * Adds an authorization parameter Logto (or a future Logto feature) understands.
		 * @param name the parameter name; not one of {@link #RESERVED_PARAMETERS} (checked at {@link #build()})
		 * @param value the value
		 * @return this builder
		 */
		public Builder extraParam(String name, String value) {
			this.extraParams.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
			return this;
		}

		/**
		 * Adds authorization parameters; see {@link #extraParam(String, String)}.
		 * @param params the parameters
		 * @return this builder
		 */
		public Builder extraParams(Map<String, String> params) {
			params.forEach(this::extraParam);
			return this;
		}

		/**
		 * Validates and builds the options.
		 * @return the options
		 * @throws IllegalArgumentException when a value is invalid (see the class description)
		 */
		public SignInOptions build() {
			if (this.postRedirectUri != null) {
				checkPostRedirectUri(this.postRedirectUri, this.parsedRedirectUri);
			}
			requireNonBlank("loginHint", this.loginHint);
			requireNonBlank("oneTimeToken", this.oneTimeToken);
			requireNonBlank("uiLocales", this.uiLocales);
			requireNonBlank("organizationId", this.organizationId);
			List<String> bad = new ArrayList<>();
			for (String name : this.extraParams.keySet()) {
				if (name.isBlank() || RESERVED_PARAMETERS.contains(name)) {
					bad.add(name);
				}
			}
			if (!bad.isEmpty()) {
				throw new IllegalArgumentException("extraParams must not override the protocol's own parameters or "
						+ "the named sign-in options: " + bad + " (use the dedicated option instead)");
			}
			return new SignInOptions(this);
		}

		private static URI parseRedirectUri(String value) {
			URI uri;
			try {
				uri = new URI(value);
			}
			catch (URISyntaxException ex) {
				throw new IllegalArgumentException("redirectUri is not a valid URL", ex);
			}
			String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
			if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
				throw new IllegalArgumentException("redirectUri must be an absolute http(s) URL");
			}
			if (uri.getRawFragment() != null) {
				throw new IllegalArgumentException("redirectUri must not have a fragment");
			}
			return uri;
		}

		private static void checkPostRedirectUri(String value, URI redirectUri) {
			if (value.isEmpty() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
				throw new IllegalArgumentException("postRedirectUri must be a path or URL without control characters "
						+ "or backslashes");
			}
			if (value.startsWith("/")) {
				if (value.startsWith("//")) {
					throw new IllegalArgumentException(
							"postRedirectUri must not start with '//' (it would leave this site)");
				}
				return;
			}
			URI uri;
			try {
				uri = new URI(value);
			}
			catch (URISyntaxException ex) {
				throw new IllegalArgumentException("postRedirectUri is not a valid path or URL", ex);
			}
			if (!uri.isAbsolute() || uri.getHost() == null
					|| !uri.getScheme().equalsIgnoreCase(redirectUri.getScheme())
					|| !uri.getHost().equalsIgnoreCase(redirectUri.getHost())
					|| effectivePort(uri) != effectivePort(redirectUri)) {
				throw new IllegalArgumentException("postRedirectUri must be a path starting with '/' or a URL on the "
						+ "redirect URI's origin (no open redirects)");
			}
		}

		private static int effectivePort(URI uri) {
			if (uri.getPort() != -1) {
				return uri.getPort();
			}
			return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
		}

		private static void requireNonBlank(String name, @Nullable String value) {
			if (value != null && value.isBlank()) {
				throw new IllegalArgumentException(name + " must not be blank (leave it unset instead)");
			}
		}
	}
}
