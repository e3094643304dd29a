package io.github.logtoreactive.webflux.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.Prompt;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.SameSite;
import io.github.logtoreactive.store.SessionCookieSettings;
import io.github.logtoreactive.web.LogtoRoutes;
import io.github.logtoreactive.webflux.RouteTokenRule;

/**
 * Turns {@link LogtoProperties} into the core configuration objects. Validation stays in those objects; a failure is
 * re-signalled naming the {@code logto.*} property to set.
 */
final class LogtoPropertiesMapper {

	private LogtoPropertiesMapper() {
	}

	static LogtoConfig config(LogtoProperties p) {
		try {
			List<Prompt> prompts = new ArrayList<>();
			for (String value : p.getPrompt()) {
				prompts.add(prompt(value));
			}
			return LogtoConfig.builder()
				.endpoint(p.getEndpoint())
				.appId(p.getAppId())
				.appSecret(p.getAppSecret() == null || p.getAppSecret().isEmpty() ? null : p.getAppSecret())
				.scopes(p.getScopes())
				.resources(p.getResources())
				.prompt(prompts.toArray(Prompt[]::new))
				.includeReservedScopes(p.isIncludeReservedScopes())
				.refreshSkew(p.getRefreshSkew())
				.clockTolerance(p.getClockTolerance())
				.connectTimeout(p.getConnectTimeout())
				.responseTimeout(p.getResponseTimeout())
				.pendingMaxSessions(p.getSession().getPendingMaxSessions())
				.build();
		}
		catch (LogtoConfigurationException ex) {
			String property = "logto." + property(ex.field());
			throw new LogtoConfigurationException(property, "Invalid Logto configuration: " + ex.getMessage()
					+ " (property " + property + ", or the environment variable "
					+ property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT) + ")");
		}
	}

	/** The {@code logto.*} property, without the prefix, that sets a {@link LogtoConfig} builder field. */
	private static String property(String field) {
		return "pendingMaxSessions".equals(field) ? "session.pending-max-sessions" : kebab(field);
	}

	private static Prompt prompt(String value) {
		for (Prompt prompt : Prompt.values()) {
			if (prompt.value().equalsIgnoreCase(value.trim())) {
				return prompt;
			}
		}
		throw new LogtoConfigurationException("prompt", "prompt values are consent, login and none, got '" + value + "'");
	}

	static CookieSecrets secrets(LogtoProperties p, String appId) {
		if (p.getCookie().getSecrets().isEmpty()) {
			throw new LogtoConfigurationException("logto.cookie.secret",
					"logto.cookie.secret is required: set it (or LOGTO_COOKIE_SECRET) to at least 32 random bytes, "
							+ "e.g. the output of `openssl rand -base64 32`");
		}
		try {
			return CookieSecrets.of(appId, p.getCookie().getSecrets());
		}
		catch (LogtoConfigurationException ex) {
			throw new LogtoConfigurationException("logto.cookie.secret", ex.getMessage());
		}
	}

	static SessionCookieSettings cookieSettings(LogtoProperties p, LogtoConfig config) {
		LogtoProperties.Cookie c = p.getCookie();
		try {
			return SessionCookieSettings.builder()
				.name(c.getName())
				.path(c.getPath())
				.domain(c.getDomain() == null || c.getDomain().isEmpty() ? null : c.getDomain())
				.sameSite(sameSite(c.getSameSite()))
				.secure(c.isSecure())
				.hostPrefix(c.isHostPrefix())
				.idleTimeout(c.getIdleTimeout())
				.absoluteTimeout(c.getAbsoluteTimeout())
				.maxChunks(c.getMaxChunks())
				.transactionTtl(config.signInTransactionTtl())
				.build();
		}
		catch (LogtoConfigurationException ex) {
			throw new LogtoConfigurationException("logto.cookie." + kebab(ex.field()),
					"Invalid cookie configuration: " + ex.getMessage());
		}
	}

	private static SameSite sameSite(String value) {
		for (SameSite site : SameSite.values()) {
			if (site.name().equalsIgnoreCase(value.trim())) {
				return site;
			}
		}
		throw new LogtoConfigurationException("same-site", "logto.cookie.same-site must be Lax, Strict or None");
	}

	static LogtoRoutes routes(LogtoProperties p) {
		LogtoProperties.Routes r = p.getRoutes();
		try {
			return LogtoRoutes.builder()
				.signIn(r.getSignIn())
				.callback(r.getCallback())
				.signOut(r.getSignOut())
				.signOutGet(r.isSignOutGet())
				.user(r.getUser())
				.postSignInRedirect(r.getPostSignInRedirect())
				.postSignOutRedirect(r.getPostSignOutRedirect())
				.exposeTokens(r.isExposeTokens())
				.build();
		}
		catch (IllegalArgumentException ex) {
			throw new LogtoConfigurationException("logto.routes", "Invalid logto.routes: " + ex.getMessage());
		}
	}

	static List<RouteTokenRule> routeTokens(LogtoProperties p) {
		List<RouteTokenRule> rules = new ArrayList<>();
		for (LogtoProperties.RouteTokens route : p.getRouteTokens()) {
			List<TokenKey> keys = new ArrayList<>();
			route.getResources().forEach(resource -> keys.add(TokenKey.resource(resource)));
			route.getOrganizations().forEach(org -> keys.add(TokenKey.organization(org)));
			try {
				rules.add(RouteTokenRule.of(route.getPattern(), keys));
			}
			catch (IllegalArgumentException ex) {
				throw new LogtoConfigurationException("logto.route-tokens",
						"Invalid logto.route-tokens pattern '" + route.getPattern() + "': " + ex.getMessage());
			}
		}
		return rules;
	}

	static String kebab(String field) {
		return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}
}
