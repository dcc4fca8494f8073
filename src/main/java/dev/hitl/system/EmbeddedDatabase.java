package dev.hitl.system;

import java.nio.file.Path;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The embedded H2 default's file: where it is, said once at start-up, so that a first
 * user knows what to back up or delete, and the one place that reads it off the URL.
 */
@Component
public class EmbeddedDatabase {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

	private final String url;

	EmbeddedDatabase(DataSourceProperties properties) {
		this.url = properties.determineUrl();
	}

	/**
	 * @return the absolute path H2 was given ({@code ./data/hitl}: the data are in
	 * {@code hitl.mv.db} beside it), or empty for any other database or H2 in memory
	 */
	public static Optional<Path> fileOf(String jdbcUrl) {
		if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:h2:") || jdbcUrl.startsWith("jdbc:h2:mem:")
				|| jdbcUrl.startsWith("jdbc:h2:tcp:") || jdbcUrl.startsWith("jdbc:h2:ssl:")) {
			return Optional.empty();
		}
		String path = jdbcUrl.substring("jdbc:h2:".length()).replaceFirst("^file:", "").split(";")[0];
		if (path.startsWith("~/")) {
			path = System.getProperty("user.home") + path.substring(1);
		}
		return Optional.of(Path.of(path).toAbsolutePath().normalize());
	}

	@EventListener(ApplicationReadyEvent.class)
	void sayWhere() {
		fileOf(this.url).ifPresent((file) -> log
			.info("Embedded H2 database in {}.mv.db (one node only; SPRING_DATASOURCE_URL selects PostgreSQL)", file));
	}

}
