package io.github.logtoreactive.web;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The paths and redirect targets of Logto's routes (sign-in, callback, sign-out, user), which
 * {@link LogtoRouteHandler} answers for any HTTP server. Immutable; build with {@link #builder()}.
 */
public final class LogtoRoutes {

	/** Default sign-in path. */
	public static final String DEFAULT_SIGN_IN = "/logto/sign-in";

	/** Default callback path; the redirect URI is {@code <base-url><callback>}. */
	public static final String DEFAULT_CALLBACK = "/logto/callback";

	/** Default sign-out path. */
	public static final String DEFAULT_SIGN_OUT = "/logto/sign-out";

	/** Default user path. */
	public static final String DEFAULT_USER = "/logto/user";

	private static final LogtoRoutes DEFAULTS = builder().build();

	private final String signIn;

	private final String callback;

	private final String signOut;

	private final boolean signOutGet;

	private final String user;

	private final String postSignInRedirect;

	private final @Nullable String postSignOutRedirect;

	private final boolean exposeTokens;

	private LogtoRoutes(Builder b) {
		this.signIn = b.signIn;
		this.callback = b.callback;
		this.signOut = b.signOut;
		this.signOutGet = b.signOutGet;
		this.user = b.user;
		this.postSignInRedirect = b.postSignInRedirect;
		this.postSignOutRedirect = b.postSignOutRedirect;
		this.exposeTokens = b.exposeTokens;
	}

	/**
	 * One of Logto's routes.
	 */
	public enum Route {

		/** {@code GET}: redirects to Logto's sign-in. */
		SIGN_IN,

		/** {@code GET}: Logto's redirect back after sign-in. */
		CALLBACK,

		/** {@code POST}, and {@code GET} when {@link #signOutGet()}: signs out. */
		SIGN_OUT,

		/** {@code GET}: who is signed in, as JSON. */
		USER
	}

	/**
	 * @return the default routes
	 */
	public static LogtoRoutes defaults() {
		return DEFAULTS;
	}

	/**
	 * @return a builder with the defaults
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Which route a request is for. Pure; allocates nothing.
	 * @param method the request's method, upper case (e.g. {@code GET})
	 * @param path the request's path within the application (e.g. {@code /logto/sign-in})
	 * @return the route, or {@code null} when the request is for none of them
	 */
	public @Nullable Route match(String method, String path) {
		boolean get = "GET".equals(method);
		if (get && path.equals(this.signIn)) {
			return Route.SIGN_IN;
		}
		if (get && path.equals(this.callback)) {
			return Route.CALLBACK;
		}
		if (path.equals(this.signOut) && ("POST".equals(method) || (get && this.signOutGet))) {
			return Route.SIGN_OUT;
		}
		if (get && path.equals(this.user)) {
			return Route.USER;
		}
		return null;
	}

	/**
	 * @return the sign-in path
	 */
	public String signIn() {
		return this.signIn;
	}

	/**
	 * @return the callback path
	 */
	public String callback() {
		return this.callback;
	}

	/**
	 * @return the sign-out path
	 */
	public String signOut() {
		return this.signOut;
	}

	/**
	 * @return whether GET also signs out
	 */
	public boolean signOutGet() {
		return this.signOutGet;
	}

	/**
	 * @return the user path
	 */
	public String user() {
		return this.user;
	}

	/**
	 * @return where to go after sign-in when the request named no target
	 */
	public String postSignInRedirect() {
		return this.postSignInRedirect;
	}

	/**
	 * @return where Logto sends the user after sign-out, or {@code null} for {@code <base-url>/}
	 */
	public @Nullable String postSignOutRedirect() {
		return this.postSignOutRedirect;
	}

	/**
	 * @return whether the user route returns tokens
	 */
	public boolean exposeTokens() {
		return this.exposeTokens;
	}

	/**
	 * Builds {@link LogtoRoutes}; every path must start with {@code /}.
	 */
	public static final class Builder {

		private String signIn = DEFAULT_SIGN_IN;

		private String callback = DEFAULT_CALLBACK;

		private String signOut = DEFAULT_SIGN_OUT;

		private boolean signOutGet;

		private String user = DEFAULT_USER;

		private String postSignInRedirect = "/";

		private @Nullable String postSignOutRedirect;

		private boolean exposeTokens;

		private Builder() {
		}

		/**
		 * @param path the sign-in path
		 * @return this builder
		 */
		public Builder signIn(String path) {
			this.signIn = path(path, "signIn");
			return this;
		}

		/**
		 * @param path the callback path
		 * @return this builder
		 */
		public Builder callback(String path) {
			this.callback = path(path, "callback");
			return this;
		}

		/**
		 * @param path the sign-out path
		 * @return this builder
		 */
		public Builder signOut(String path) {
			this.signOut = path(path, "signOut");
			return this;
		}

		/**
		 * @param enabled whether GET also signs out (cross-site GETs are still refused)
		 * @return this builder
		 */
		public Builder signOutGet(boolean enabled) {
			this.signOutGet = enabled;
			return this;
		}

		/**
		 * @param path the user path
		 * @return this builder
		 */
		public Builder user(String path) {
			this.user = path(path, "user");
			return this;
		}

		/**
		 * @param target a same-origin relative path
		 * @return this builder
		 */
		public Builder postSignInRedirect(String target) {
			if (RedirectTargets.sanitize(target) == null) {
				throw new IllegalArgumentException("postSignInRedirect must be a relative path such as /");
			}
			this.postSignInRedirect = target;
			return this;
		}

		/**
		 * @param target an absolute URL registered in Logto as a post sign-out redirect URI, or {@code null}
		 * @return this builder
		 */
		public Builder postSignOutRedirect(@Nullable String target) {
			this.postSignOutRedirect = target;
			return this;
		}

		/**
		 * @param expose whether the user route returns the ID and access tokens
		 * @return this builder
		 */
		public Builder exposeTokens(boolean expose) {
			this.exposeTokens = expose;
			return this;
		}

		/**
		 * @return the routes
		 */
		public LogtoRoutes build() {
			return new LogtoRoutes(this);
		}

		private static String path(String path, String name) {
			Objects.requireNonNull(path, name);
			if (!path.startsWith("/") || path.startsWith("//")) {
				throw new IllegalArgumentException(name + " must be a path starting with /, got '" + path + "'");
			}
			return path;
		}
	}
}
