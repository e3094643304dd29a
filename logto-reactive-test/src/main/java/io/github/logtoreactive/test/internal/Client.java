package io.github.logtoreactive.test.internal;

import java.util.List;

import io.github.logtoreactive.test.TestM2mApp;
import io.github.logtoreactive.test.TestWebApp;

/**
 * A registered client as the endpoints see it: a web app (authorization_code, refresh_token) or an M2M app
 * (client_credentials).
 *
 * @param id the client id
 * @param secret the client secret
 * @param webApp the web app, or {@code null}
 * @param m2mApp the M2M app, or {@code null}
 */
record Client(String id, String secret, TestWebApp webApp, TestM2mApp m2mApp) {

	static Client find(ServerConfig config, String clientId) {
		TestWebApp webApp = config.tenant().webApps().get(clientId);
		if (webApp != null) {
			return new Client(webApp.id(), webApp.secret(), webApp, null);
		}
		TestM2mApp m2mApp = config.tenant().m2mApps().get(clientId);
		if (m2mApp != null) {
			return new Client(m2mApp.id(), m2mApp.secret(), null, m2mApp);
		}
		return null;
	}

	boolean isWebApp() {
		return this.webApp != null;
	}

	List<String> grantTypes() {
		return isWebApp() ? List.of("authorization_code", "refresh_token") : List.of("client_credentials");
	}

	List<String> redirectUris() {
		return isWebApp() ? this.webApp.redirectUris() : List.of();
	}

	List<String> postLogoutRedirectUris() {
		return isWebApp() ? this.webApp.postLogoutRedirectUris() : List.of();
	}
}
