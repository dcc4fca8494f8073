package dev.hitl.system;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the embedded default keeps its data, as a first user reads it in the log. */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDatabaseTests {

	@Test
	void theDefaultFileIsNamedAbsolutelyAtStartUp(CapturedOutput output) {
		new EmbeddedDatabase(properties("jdbc:h2:file:./data/hitl;DB_CLOSE_ON_EXIT=FALSE")).sayWhere();
		assertThat(output).contains("Embedded H2 database in " + Path.of("data/hitl").toAbsolutePath() + ".mv.db")
			.contains("SPRING_DATASOURCE_URL");
	}

	@Test
	void onlyAnEmbeddedFileHasAPath(CapturedOutput output) {
		assertThat(EmbeddedDatabase.fileOf("jdbc:h2:./db;MODE=PostgreSQL")).contains(Path.of("db").toAbsolutePath());
		assertThat(EmbeddedDatabase.fileOf("jdbc:h2:~/hitl"))
			.contains(Path.of(System.getProperty("user.home"), "hitl"));
		assertThat(EmbeddedDatabase.fileOf("jdbc:h2:mem:test")).isEmpty();
		assertThat(EmbeddedDatabase.fileOf("jdbc:h2:tcp://db/hitl")).isEmpty();
		assertThat(EmbeddedDatabase.fileOf("jdbc:postgresql://db:5432/hitl")).isEmpty();
		new EmbeddedDatabase(properties("jdbc:postgresql://db:5432/hitl")).sayWhere();
		assertThat(output).doesNotContain("Embedded H2 database");
	}

	private static DataSourceProperties properties(String url) {
		DataSourceProperties properties = new DataSourceProperties();
		properties.setUrl(url);
		return properties;
	}

}
