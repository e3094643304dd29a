package io.github.logtoreactive.webflux.autoconfigure;

import io.github.logtoreactive.store.RedisSessionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Opens the Redis session store's connection (the one this auto-configuration built, or the application's own) when
 * the application starts, before the web server takes requests, so the first signed-in request does not pay for
 * connecting (and for loading the Redis client) within its command timeout. Never blocks: the connection is requested and the start goes on; if Redis is not reachable yet this is
 * logged once and the store connects on first use, as without this.
 */
final class RedisStoreStartup implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisStoreStartup.class);

	private final ObjectProvider<RedisSessionStore> store;

	private volatile Disposable connecting = Disposables.disposed();

	private volatile boolean running;

	RedisStoreStartup(ObjectProvider<RedisSessionStore> store) {
		this.store = store;
	}

	@Override
	public void start() {
		RedisSessionStore redis = this.store.getIfUnique();
		if (redis == null) {
			this.running = true;
			return;
		}
		this.connecting = redis.ping()
			.subscribe(null, (ex) -> logger.warn("Redis session store not reachable at startup (it connects on "
					+ "first use): " + ex.getMessage()));
		this.running = true;
	}

	@Override
	public void stop() {
		this.connecting.dispose();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Before the web server's start (Boot starts it at {@code DEFAULT_PHASE - 1024}), so the connection is on its way
	 * when requests arrive.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

}
