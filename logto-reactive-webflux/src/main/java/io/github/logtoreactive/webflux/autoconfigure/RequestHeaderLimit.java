package io.github.logtoreactive.webflux.autoconfigure;

import io.github.logtoreactive.LogtoConfigurationException;
import io.github.logtoreactive.store.SessionStore;
import io.github.logtoreactive.store.SetCookie;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Fits the server's request-header limit ({@code server.max-http-request-header-size}, 8 KB by default) to cookie
 * sessions: a browser sends every session chunk, up to 4 KB each, with every request, and a request over the limit
 * gets {@code 431} without any {@code Set-Cookie}, so the browser could never even sign out (the cookies are
 * {@code HttpOnly}). With sessions in cookies the limit must hold {@code logto.cookie.max-chunks} full chunks plus
 * {@link #OTHER_HEADERS} for everything else:
 * <ul>
 * <li>when {@code server.max-http-request-header-size} is not set, it becomes that (24 KB with the default 4
 * chunks);</li>
 * <li>when it is set lower, startup fails naming both settings.</li>
 * </ul>
 * Sessions in a {@link SessionStore} (any {@code SessionStore} bean) only send a session id, and the limit is left
 * alone. Runs once, when Boot binds {@link ServerProperties}; never on a request path.
 */
final class RequestHeaderLimit implements BeanPostProcessor {

	/** What the other request headers may take: Boot's default limit for all of them. */
	static final DataSize OTHER_HEADERS = DataSize.ofKilobytes(8);

	static final String PROPERTY = "server.max-http-request-header-size";

	private final Environment environment;

	private final ListableBeanFactory beans;

	RequestHeaderLimit(Environment environment, ListableBeanFactory beans) {
		this.environment = environment;
		this.beans = beans;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof ServerProperties server && this.beans.getBeanNamesForType(SessionStore.class, true,
				false).length == 0) {
			fit(server);
		}
		return bean;
	}

	private void fit(ServerProperties server) {
		Binder binder = Binder.get(this.environment);
		int maxChunks = binder.bind("logto.cookie.max-chunks", Integer.class)
			.orElseGet(() -> new LogtoProperties.Cookie().getMaxChunks());
		DataSize required = required(maxChunks);
		if (!binder.bind(PROPERTY, DataSize.class).isBound()) {
			server.setMaxHttpRequestHeaderSize(required);
			return;
		}
		DataSize configured = server.getMaxHttpRequestHeaderSize();
		if (configured.toBytes() < required.toBytes()) {
			throw new LogtoConfigurationException(PROPERTY, "logto.cookie.max-chunks=" + maxChunks
					+ " lets a browser send " + kilobytes(DataSize.ofBytes((long) maxChunks * SetCookie.MAX_LINE_BYTES))
					+ " of session cookies with every request, but " + PROPERTY + "=" + kilobytes(configured)
					+ " leaves too little room for them and the other headers: that browser would get 431 and could "
					+ "not even sign out. Set " + PROPERTY + " to at least " + kilobytes(required) + " (or remove it: "
					+ "logto-reactive then sets it), lower logto.cookie.max-chunks, or keep sessions in a store "
					+ "(logto.session.store=redis).");
		}
	}

	/**
	 * @param maxChunks the most chunks a session may take
	 * @return the request-header limit that holds them all and the other headers
	 */
	static DataSize required(int maxChunks) {
		return DataSize.ofBytes((long) maxChunks * SetCookie.MAX_LINE_BYTES + OTHER_HEADERS.toBytes());
	}

	private static String kilobytes(DataSize size) {
		return (size.toBytes() % 1024 == 0) ? size.toKilobytes() + "KB" : size.toBytes() + "B";
	}
}
