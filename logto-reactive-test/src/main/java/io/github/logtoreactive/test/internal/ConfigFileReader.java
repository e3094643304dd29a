package io.github.logtoreactive.test.internal;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.logtoreactive.test.LogtoTestServer;
import io.github.logtoreactive.test.RefreshTokenRotation;
import io.github.logtoreactive.test.SigningKeyType;
import io.github.logtoreactive.test.TestApiResource;
import io.github.logtoreactive.test.TestM2mApp;
import io.github.logtoreactive.test.TestOrganization;
import io.github.logtoreactive.test.TestOrganizationRole;
import io.github.logtoreactive.test.TestRole;
import io.github.logtoreactive.test.TestTenant;
import io.github.logtoreactive.test.TestUser;
import io.github.logtoreactive.test.TestWebApp;

/**
 * Reads a server configuration file (JSON, or YAML with the same shape) into a {@link LogtoTestServer.Builder}: its
 * {@code users}, {@code roles}, {@code apiResources}, {@code organizationRoles}, {@code organizations},
 * {@code webApps} and {@code m2mApps} become the server's {@link TestTenant}, the other keys its settings.
 * Unknown keys are rejected with their path, so a typo does not silently change a test. Durations are seconds
 * (number) or ISO-8601 ({@code "PT1H"}); timestamps are epoch milliseconds or ISO-8601 instants.
 */
public final class ConfigFileReader {

	private static final Set<String> TOP_LEVEL = Set.of("host", "port", "signingKey", "refreshTokenRotation",
			"accessTokenTtl", "idTokenTtl", "refreshTokenTtl", "autoLogin", "idTokenExtendedClaims", "webApps",
			"m2mApps", "users", "apiResources", "roles", "organizationRoles", "organizations");

	private ConfigFileReader() {
	}

	/**
	 * @param file a JSON file
	 * @param builder the builder to add to
	 */
	public static void applyJson(Path file, LogtoTestServer.Builder builder) {
		try {
			apply(Json.read(Files.readString(file, StandardCharsets.UTF_8)), builder, file);
		}
		catch (IOException | ParseException ex) {
			throw new IllegalArgumentException("cannot read server configuration " + file + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * @param file a YAML file
	 * @param builder the builder to add to
	 */
	public static void applyYaml(Path file, LogtoTestServer.Builder builder) {
		Object yaml;
		try {
			Class<?> loaderOptions = Class.forName("org.yaml.snakeyaml.LoaderOptions");
			Class<?> constructor = Class.forName("org.yaml.snakeyaml.constructor.SafeConstructor");
			Class<?> baseConstructor = Class.forName("org.yaml.snakeyaml.constructor.BaseConstructor");
			Object options = loaderOptions.getConstructor().newInstance();
			Object safe = constructor.getConstructor(loaderOptions).newInstance(options);
			yaml = Class.forName("org.yaml.snakeyaml.Yaml").getConstructor(baseConstructor).newInstance(safe);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("fromYaml needs org.yaml:snakeyaml on the class path", ex);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("cannot create a snakeyaml parser", ex);
		}
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			Method load = yaml.getClass().getMethod("load", Reader.class);
			Object document = load.invoke(yaml, reader);
			if (!(document instanceof Map<?, ?> map)) {
				throw new IllegalArgumentException("server configuration " + file + " must be a mapping");
			}
			apply(cast(map), builder, file);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot read server configuration " + file + ": " + ex.getMessage(), ex);
		}
		catch (InvocationTargetException ex) {
			throw new IllegalArgumentException("cannot parse server configuration " + file + ": "
					+ ex.getCause().getMessage(), ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("cannot use snakeyaml", ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cast(Map<?, ?> map) {
		return (Map<String, Object>) map;
	}

	private static void apply(Map<String, Object> root, LogtoTestServer.Builder builder, Path file) {
		Node top = new Node(root, file.getFileName().toString(), TOP_LEVEL);
		top.text("host").ifPresent(builder::host);
		top.number("port").ifPresent((port) -> builder.port(port.intValue()));
		top.text("signingKey").ifPresent((key) -> builder.signingKey(SigningKeyType.valueOf(key.toUpperCase(Locale.ROOT))));
		top.text("refreshTokenRotation").ifPresent((rotation) -> builder
			.refreshTokenRotation(RefreshTokenRotation.valueOf(rotation.toUpperCase(Locale.ROOT))));
		top.duration("accessTokenTtl").ifPresent(builder::accessTokenTtl);
		top.duration("idTokenTtl").ifPresent(builder::idTokenTtl);
		top.duration("refreshTokenTtl").ifPresent(builder::refreshTokenTtl);
		top.text("autoLogin").ifPresent(builder::autoLogin);
		if (top.has("idTokenExtendedClaims")) {
			builder.idTokenExtendedClaims(top.texts("idTokenExtendedClaims").toArray(new String[0]));
		}
		builder.tenant(tenant(top));
	}

	private static TestTenant tenant(Node top) {
		TestTenant.Builder tenant = TestTenant.builder();
		for (Node node : top.nodes("apiResources", Set.of("indicator", "name", "scopes", "accessTokenTtl",
				"default"))) {
			TestApiResource.Builder resource = TestApiResource.builder(node.required("indicator"))
				.scopes(node.texts("scopes").toArray(new String[0]));
			node.text("name").ifPresent(resource::name);
			node.duration("accessTokenTtl").ifPresent(resource::accessTokenTtl);
			node.bool("default").ifPresent(resource::defaultResource);
			tenant.apiResource(resource.build());
		}
		for (Node node : top.nodes("roles", Set.of("name", "description", "scopes"))) {
			TestRole.Builder role = TestRole.builder(node.required("name"));
			node.text("description").ifPresent(role::description);
			node.scopeTable("scopes").forEach((indicator, scopes) -> role.scope(indicator, scopes.toArray(new String[0])));
			tenant.role(role.build());
		}
		for (Node node : top.nodes("organizationRoles", Set.of("name", "organizationScopes", "resourceScopes"))) {
			TestOrganizationRole.Builder role = TestOrganizationRole.builder(node.required("name"))
				.organizationScopes(node.texts("organizationScopes").toArray(new String[0]));
			node.scopeTable("resourceScopes")
				.forEach((indicator, scopes) -> role.resourceScope(indicator, scopes.toArray(new String[0])));
			tenant.organizationRole(role.build());
		}
		for (Node node : top.nodes("users", Set.of("id", "username", "name", "email", "phone", "picture",
				"password", "profile", "customData", "identities", "roles", "createdAt", "updatedAt", "suspended"))) {
			tenant.user(user(node));
		}
		for (Node node : top.nodes("webApps", Set.of("id", "secret", "redirectUris", "postLogoutRedirectUris",
				"backchannelLogoutUri", "backchannelLogoutSessionRequired", "alwaysIssueRefreshToken"))) {
			TestWebApp.Builder app = TestWebApp.builder(node.required("id"), node.required("secret"))
				.redirectUris(node.texts("redirectUris").toArray(new String[0]))
				.postLogoutRedirectUris(node.texts("postLogoutRedirectUris").toArray(new String[0]));
			node.text("backchannelLogoutUri").ifPresent(app::backchannelLogoutUri);
			node.bool("backchannelLogoutSessionRequired").ifPresent(app::backchannelLogoutSessionRequired);
			node.bool("alwaysIssueRefreshToken").ifPresent(app::alwaysIssueRefreshToken);
			tenant.webApp(app.build());
		}
		for (Node node : top.nodes("m2mApps", Set.of("id", "secret", "roles"))) {
			tenant.m2mApp(TestM2mApp.builder(node.required("id"), node.required("secret"))
				.roles(node.texts("roles").toArray(new String[0]))
				.build());
		}
		for (Node node : top.nodes("organizations", Set.of("id", "name", "description", "members",
				"applications"))) {
			TestOrganization.Builder organization = TestOrganization.builder(node.required("id"));
			node.text("name").ifPresent(organization::name);
			node.text("description").ifPresent(organization::description);
			node.scopeTable("members")
				.forEach((userId, roles) -> organization.member(userId, roles.toArray(new String[0])));
			node.scopeTable("applications")
				.forEach((appId, roles) -> organization.application(appId, roles.toArray(new String[0])));
			tenant.organization(organization.build());
		}
		return tenant.build();
	}

	private static TestUser user(Node node) {
		TestUser.Builder user = TestUser.builder(node.required("id"));
		node.text("username").ifPresent(user::username);
		node.text("name").ifPresent(user::name);
		node.text("email").ifPresent(user::email);
		node.text("phone").ifPresent(user::phone);
		node.text("picture").ifPresent(user::picture);
		node.text("password").ifPresent(user::password);
		node.object("profile").forEach(user::profileClaim);
		user.customData(node.object("customData"));
		user.identities(node.object("identities"));
		user.roles(node.texts("roles").toArray(new String[0]));
		node.instant("createdAt").ifPresent(user::createdAt);
		node.instant("updatedAt").ifPresent(user::updatedAt);
		node.bool("suspended").ifPresent(user::suspended);
		return user.build();
	}

	/** Durations for {@link Node}: seconds as a number, or ISO-8601 text. */
	static Duration parseDuration(Object value, String path) {
		if (value instanceof Number number) {
			return Duration.ofSeconds(number.longValue());
		}
		try {
			return Duration.parse(String.valueOf(value));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(path + " must be seconds or an ISO-8601 duration like PT1H", ex);
		}
	}

	/** Instants for {@link Node}: epoch milliseconds as a number, or ISO-8601 text. */
	static Instant parseInstant(Object value, String path) {
		if (value instanceof Number number) {
			return Instant.ofEpochMilli(number.longValue());
		}
		try {
			return Instant.parse(String.valueOf(value));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(path + " must be epoch milliseconds or an ISO-8601 instant", ex);
		}
	}
}
