package io.github.logtoreactive.test.peer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.SigningKeyType;
import io.github.logtoreactive.test.TestTenant;

/**
 * The tenant and settings of an {@link OidcProviderPeer}, written as the JSON file {@code logto-like-provider.mjs}
 * reads.
 */
record PeerConfiguration(TestTenant tenant, Duration accessTokenTtl, Duration idTokenTtl, Duration refreshTokenTtl,
		RefreshTokenRotation rotation, Duration refreshTokenReuseWindow, SigningKeyType signingKey,
		Set<String> idTokenExtendedClaims, String autoLoginUserId) {

	String toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("webApps", map(this.tenant.webApps().values(), (app) -> object("clientId", app.id(), "clientSecret",
				app.secret(), "redirectUris", app.redirectUris(), "postLogoutRedirectUris",
				app.postLogoutRedirectUris(), "backchannelLogoutUri", app.backchannelLogoutUri(),
				"backchannelLogoutSessionRequired", app.backchannelLogoutSessionRequired(), "alwaysIssueRefreshToken",
				app.alwaysIssueRefreshToken())));
		json.put("m2mApps", map(this.tenant.m2mApps().values(),
				(app) -> object("clientId", app.id(), "clientSecret", app.secret(), "roles", app.roles())));
		json.put("users", map(this.tenant.users().values(), (user) -> object("id", user.id(), "username",
				user.username(), "name", user.name(), "email", user.email(), "phone", user.phone(), "picture",
				user.picture(), "profile", user.profile(), "customData", user.customData(), "identities",
				user.identities(), "roles", user.roles(), "createdAt", user.createdAt().toEpochMilli(), "updatedAt",
				user.updatedAt().toEpochMilli(), "suspended", user.suspended())));
		json.put("apiResources", map(this.tenant.apiResources().values(), (resource) -> object("indicator",
				resource.indicator(), "scopes", new ArrayList<>(resource.scopes()), "accessTokenTtl",
				(resource.accessTokenTtl() != null) ? resource.accessTokenTtl().getSeconds() : null, "default",
				resource.defaultResource())));
		json.put("roles", map(this.tenant.roles().values(),
				(role) -> object("name", role.name(), "scopes", lists(role.scopes()))));
		json.put("organizationRoles", map(this.tenant.organizationRoles().values(), (role) -> object("name",
				role.name(), "organizationScopes", new ArrayList<>(role.organizationScopes()), "resourceScopes",
				lists(role.resourceScopes()))));
		json.put("organizations", map(this.tenant.organizations().values(), (org) -> object("id", org.id(), "name",
				org.name(), "description", org.description(), "members", org.members(), "applications",
				org.applications())));
		json.put("ttl", object("accessToken", this.accessTokenTtl.getSeconds(), "idToken",
				this.idTokenTtl.getSeconds(), "refreshToken", this.refreshTokenTtl.getSeconds()));
		json.put("rotateRefreshToken", switch (this.rotation) {
			case ALWAYS -> "always";
			case NEVER -> "never";
			case AFTER_70_PERCENT -> 70;
		});
		json.put("refreshTokenReuseSeconds", this.refreshTokenReuseWindow.toMillis() / 1000.0);
		json.put("signingKey", this.signingKey.name());
		json.put("idTokenExtendedClaims", new ArrayList<>(this.idTokenExtendedClaims));
		json.put("autoLogin", this.autoLoginUserId);
		return JSONObjectUtils.toJSONString(json);
	}

	private static <T> List<Object> map(Collection<T> items, java.util.function.Function<T, Object> mapper) {
		List<Object> result = new ArrayList<>();
		items.forEach((item) -> result.add(mapper.apply(item)));
		return result;
	}

	private static Map<String, Object> lists(Map<String, ? extends Collection<String>> scopes) {
		Map<String, Object> result = new LinkedHashMap<>();
		scopes.forEach((key, values) -> result.put(key, new ArrayList<>(values)));
		return result;
	}

	private static Map<String, Object> object(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}
}
