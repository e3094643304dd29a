package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code logto.*} configuration properties. Validation happens when they are turned into the core configuration
 * objects, which fail with a message naming the property to set.
 */
@ConfigurationProperties("logto")
public class LogtoProperties {

	/** Logto endpoint, e.g. https://your-tenant.logto.app (a tenant path is kept). */
	private @Nullable String endpoint;

	/** Application ID of the Logto "traditional web" application. */
	private @Nullable String appId;

	/** Application secret. */
	private @Nullable String appSecret;

	/**
	 * Public base URL of this application, e.g. https://app.example.com; the redirect URI is
	 * {@code <base-url><callback-path>}. When unset, it is taken from each request.
	 */
	private @Nullable String baseUrl;

	/** Scopes requested in addition to openid, offline_access and profile. */
	private List<String> scopes = new ArrayList<>();

	/** API resource indicators to request tokens for. */
	private List<String> resources = new ArrayList<>();

	/** Prompt values (consent, login, none). */
	private List<String> prompt = new ArrayList<>(List.of("consent"));

	/** Whether openid, offline_access and profile are added to the scopes. */
	private boolean includeReservedScopes = true;

	/** Refresh access tokens this long before they expire (capped at half a token's lifetime). */
	private Duration refreshSkew = Duration.ofSeconds(60);

	/** Tolerance for ID-token time checks. */
	private Duration clockTolerance = Duration.ofSeconds(60);

	/** TCP connect timeout for calls to Logto. */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/** Time allowed for a whole response from Logto. */
	private Duration responseTimeout = Duration.ofSeconds(10);

	private final Cookie cookie = new Cookie();

	private final Session session = new Session();

	private final Routes routes = new Routes();

	private final ErrorHandling errorHandling = new ErrorHandling();

	/** Path patterns that require a signed-in user (e.g. /dashboard/**, /api/**). */
	private List<String> protectedPaths = new ArrayList<>();

	/** Tokens that routes need: refreshed before the handler runs, so a streaming response starts fresh. */
	private List<RouteTokens> routeTokens = new ArrayList<>();

	public @Nullable String getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(@Nullable String endpoint) {
		this.endpoint = endpoint;
	}

	public @Nullable String getAppId() {
		return this.appId;
	}

	public void setAppId(@Nullable String appId) {
		this.appId = appId;
	}

	public @Nullable String getAppSecret() {
		return this.appSecret;
	}

	public void setAppSecret(@Nullable String appSecret) {
		this.appSecret = appSecret;
	}

	public @Nullable String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public List<String> getScopes() {
		return this.scopes;
	}

	public void setScopes(List<String> scopes) {
		this.scopes = scopes;
	}

	public List<String> getResources() {
		return this.resources;
	}

	public void setResources(List<String> resources) {
		this.resources = resources;
	}

	public List<String> getPrompt() {
		return this.prompt;
	}

	public void setPrompt(List<String> prompt) {
		this.prompt = prompt;
	}

	public boolean isIncludeReservedScopes() {
		return this.includeReservedScopes;
	}

	public void setIncludeReservedScopes(boolean includeReservedScopes) {
		this.includeReservedScopes = includeReservedScopes;
	}

	public Duration getRefreshSkew() {
		return this.refreshSkew;
	}

	public void setRefreshSkew(Duration refreshSkew) {
		this.refreshSkew = refreshSkew;
	}

	public Duration getClockTolerance() {
		return this.clockTolerance;
	}

	public void setClockTolerance(Duration clockTolerance) {
		this.clockTolerance = clockTolerance;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getResponseTimeout() {
		return this.responseTimeout;
	}

	public void setResponseTimeout(Duration responseTimeout) {
		this.responseTimeout = responseTimeout;
	}

	public Cookie getCookie() {
		return this.cookie;
	}

	public Session getSession() {
		return this.session;
	}

	public Routes getRoutes() {
		return this.routes;
	}

	public ErrorHandling getErrorHandling() {
		return this.errorHandling;
	}

	public List<String> getProtectedPaths() {
		return this.protectedPaths;
	}

	public void setProtectedPaths(List<String> protectedPaths) {
		this.protectedPaths = protectedPaths;
	}

	public List<RouteTokens> getRouteTokens() {
		return this.routeTokens;
	}

	public void setRouteTokens(List<RouteTokens> routeTokens) {
		this.routeTokens = routeTokens;
	}

	/**
	 * Cookie options ({@code logto.cookie.*}).
	 */
	public static class Cookie {

		/**
		 * Secrets for the session cookie, at least 32 random bytes each (e.g. {@code openssl rand -base64 32}). The
		 * first encrypts, all decrypt: prepend a new secret to rotate keys without signing anyone out.
		 */
		private List<String> secrets = new ArrayList<>();

		/** Name of the session cookie (chunks are name.1, name.2, ...). */
		private String name = "logto_session";

		/** Cookie path. */
		private String path = "/";

		/** Cookie domain; unset for a host-only cookie. */
		private @Nullable String domain;

		/** SameSite attribute: Lax, Strict or None (None requires secure). */
		private String sameSite = "Lax";

		/** Whether the cookie is sent over HTTPS only. */
		private boolean secure = true;

		/** Use the __Host- prefix (forces Secure, Path=/ and no Domain). */
		private boolean hostPrefix = false;

		/** A session unused this long ends. */
		private Duration idleTimeout = Duration.ofDays(14);

		/** A session ends this long after sign-in, used or not. */
		private Duration absoluteTimeout = Duration.ofDays(30);

		/** Most chunks a session cookie may use; a larger session is an error (use an external store). */
		private int maxChunks = 4;

		public List<String> getSecrets() {
			return this.secrets;
		}

		public void setSecrets(List<String> secrets) {
			this.secrets = secrets;
		}

		/**
		 * @param secret a single secret; same as {@code secrets} with one element
		 */
		public void setSecret(String secret) {
			this.secrets = new ArrayList<>(List.of(secret));
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public @Nullable String getDomain() {
			return this.domain;
		}

		public void setDomain(@Nullable String domain) {
			this.domain = domain;
		}

		public String getSameSite() {
			return this.sameSite;
		}

		public void setSameSite(String sameSite) {
			this.sameSite = sameSite;
		}

		public boolean isSecure() {
			return this.secure;
		}

		public void setSecure(boolean secure) {
			this.secure = secure;
		}

		public boolean isHostPrefix() {
			return this.hostPrefix;
		}

		public void setHostPrefix(boolean hostPrefix) {
			this.hostPrefix = hostPrefix;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public Duration getAbsoluteTimeout() {
			return this.absoluteTimeout;
		}

		public void setAbsoluteTimeout(Duration absoluteTimeout) {
			this.absoluteTimeout = absoluteTimeout;
		}

		public int getMaxChunks() {
			return this.maxChunks;
		}

		public void setMaxChunks(int maxChunks) {
			this.maxChunks = maxChunks;
		}
	}

	/**
	 * Session storage ({@code logto.session.*}).
	 */
	public static class Session {

		/** Where sessions live: cookie (encrypted in the browser), memory (this JVM) or redis. */
		private StoreType store = StoreType.COOKIE;

		/** Redis URL for store=redis, e.g. redis://localhost:6379/0. */
		private @Nullable String redisUrl;

		/** Prefix of Redis keys. */
		private String redisKeyPrefix = "logto:session:";

		/** Time allowed for one Redis command before the request fails with a typed error. */
		private Duration redisTimeout = Duration.ofSeconds(2);

		/** Most sessions the in-memory store keeps. */
		private int memoryMaxSessions = 100_000;

		/**
		 * Most sessions whose tokens changed after their response was committed (a refresh inside a streaming
		 * response), kept for the browser's next request; beyond it the session kept least recently is dropped first.
		 */
		private int pendingMaxSessions = 10_000;

		/** How long such a change is kept for the browser's next request. */
		private Duration pendingTtl = Duration.ofHours(12);

		public StoreType getStore() {
			return this.store;
		}

		public void setStore(StoreType store) {
			this.store = store;
		}

		public @Nullable String getRedisUrl() {
			return this.redisUrl;
		}

		public void setRedisUrl(@Nullable String redisUrl) {
			this.redisUrl = redisUrl;
		}

		public String getRedisKeyPrefix() {
			return this.redisKeyPrefix;
		}

		public void setRedisKeyPrefix(String redisKeyPrefix) {
			this.redisKeyPrefix = redisKeyPrefix;
		}

		public Duration getRedisTimeout() {
			return this.redisTimeout;
		}

		public void setRedisTimeout(Duration redisTimeout) {
			this.redisTimeout = redisTimeout;
		}

		public int getMemoryMaxSessions() {
			return this.memoryMaxSessions;
		}

		public void setMemoryMaxSessions(int memoryMaxSessions) {
			this.memoryMaxSessions = memoryMaxSessions;
		}

		public int getPendingMaxSessions() {
			return this.pendingMaxSessions;
		}

		public void setPendingMaxSessions(int pendingMaxSessions) {
			this.pendingMaxSessions = pendingMaxSessions;
		}

		public Duration getPendingTtl() {
			return this.pendingTtl;
		}

		public void setPendingTtl(Duration pendingTtl) {
			this.pendingTtl = pendingTtl;
		}
	}

	/**
	 * Where sessions live.
	 */
	public enum StoreType {

		/** Encrypted, chunked cookies: nothing server-side (the default). */
		COOKIE,

		/** An in-memory store in this JVM (single instance). */
		MEMORY,

		/** Redis, shared by every instance (cluster-wide single refresh). */
		REDIS

	}

	/**
	 * Errors in the application's handlers ({@code logto.error-handling.*}).
	 */
	public static class ErrorHandling {

		/**
		 * Whether a LogtoException escaping a WebFlux handler is answered like the filter's own routes (status,
		 * error code, JSON or HTML) instead of a 500. The application's own @ExceptionHandler for it still wins.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}
	}

	/**
	 * Route paths ({@code logto.routes.*}).
	 */
	public static class Routes {

		/** Starts sign-in (GET). */
		private String signIn = "/logto/sign-in";

		/** Receives Logto's redirect (GET); the redirect URI is base-url + this path. */
		private String callback = "/logto/callback";

		/** Signs out (POST). */
		private String signOut = "/logto/sign-out";

		/** Whether GET on the sign-out path also signs out (cross-site GETs are refused either way). */
		private boolean signOutGet = false;

		/** Returns isAuthenticated and the ID-token claims as JSON (GET). */
		private String user = "/logto/user";

		/** Where to send the user after sign-out; base-url + "/" when unset. */
		private @Nullable String postSignOutRedirect;

		/** Where to send the user after sign-in when the sign-in request named no target. */
		private String postSignInRedirect = "/";

		/** Whether the user route also returns the ID and access tokens (off: tokens never leave the server). */
		private boolean exposeTokens = false;

		public String getSignIn() {
			return this.signIn;
		}

		public void setSignIn(String signIn) {
			this.signIn = signIn;
		}

		public String getCallback() {
			return this.callback;
		}

		public void setCallback(String callback) {
			this.callback = callback;
		}

		public String getSignOut() {
			return this.signOut;
		}

		public void setSignOut(String signOut) {
			this.signOut = signOut;
		}

		public boolean isSignOutGet() {
			return this.signOutGet;
		}

		public void setSignOutGet(boolean signOutGet) {
			this.signOutGet = signOutGet;
		}

		public String getUser() {
			return this.user;
		}

		public void setUser(String user) {
			this.user = user;
		}

		public @Nullable String getPostSignOutRedirect() {
			return this.postSignOutRedirect;
		}

		public void setPostSignOutRedirect(@Nullable String postSignOutRedirect) {
			this.postSignOutRedirect = postSignOutRedirect;
		}

		public String getPostSignInRedirect() {
			return this.postSignInRedirect;
		}

		public void setPostSignInRedirect(String postSignInRedirect) {
			this.postSignInRedirect = postSignInRedirect;
		}

		public boolean isExposeTokens() {
			return this.exposeTokens;
		}

		public void setExposeTokens(boolean exposeTokens) {
			this.exposeTokens = exposeTokens;
		}
	}

	/**
	 * Tokens a set of routes needs ({@code logto.route-tokens[i].*}).
	 */
	public static class RouteTokens {

		/** Path pattern, e.g. /api/stream/**. */
		private String pattern = "/**";

		/** API resources whose tokens the routes need. */
		private List<String> resources = new ArrayList<>();

		/** Organizations whose tokens the routes need. */
		private List<String> organizations = new ArrayList<>();

		public String getPattern() {
			return this.pattern;
		}

		public void setPattern(String pattern) {
			this.pattern = pattern;
		}

		public List<String> getResources() {
			return this.resources;
		}

		public void setResources(List<String> resources) {
			this.resources = resources;
		}

		public List<String> getOrganizations() {
			return this.organizations;
		}

		public void setOrganizations(List<String> organizations) {
			this.organizations = organizations;
		}
	}
}
