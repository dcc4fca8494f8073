package dev.hitl.workflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import dev.hitl.ApiTestSupport;
import dev.hitl.ApplicationNode;
import dev.hitl.PostgresTestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes of the packaged jar started at the same moment on one empty database both
 * come up: Flyway, the engine's own schema, its first rows, and the first admin, groups,
 * grants and Tasklist filter are created once, not twice and not half.
 */
class ConcurrentStartIntegrationTests {

	@Test
	void twoNodesStartingTogetherOnAnEmptyDatabaseBothComeUp() throws Exception {
		PostgresTestDatabase.Credentials empty = PostgresTestDatabase.another();
		CountDownLatch go = new CountDownLatch(1);
		List<CompletableFuture<ApplicationNode>> launching = new ArrayList<>();
		for (String name : List.of("race-a", "race-b")) {
			launching.add(CompletableFuture.supplyAsync(() -> {
				try {
					go.await();
					return ApplicationNode.launch(name, empty, "--hitl.worker.enabled=false",
							"--spring.datasource.hikari.maximum-pool-size=6");
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}));
		}
		long started = System.nanoTime();
		go.countDown();
		List<ApplicationNode> nodes = new ArrayList<>();
		try {
			for (CompletableFuture<ApplicationNode> node : launching) {
				nodes.add(node.get());
			}
			for (ApplicationNode node : nodes) {
				node.awaitReady();
			}
			System.out.printf("Two nodes started together on one empty database: both ready after %d s%n",
					Duration.ofNanos(System.nanoTime() - started).toSeconds());
			JdbcTemplate jdbc = new JdbcTemplate(
					new DriverManagerDataSource(empty.url(), empty.username(), empty.password()));
			assertThat(count(jdbc, "select count(*) from act_id_user where id_ = 'admin'")).isOne();
			assertThat(count(jdbc, "select count(*) from act_id_group where id_ = 'camunda-admin'")).isOne();
			assertThat(count(jdbc, "select count(*) from act_id_group where id_ = 'reviewers'")).isOne();
			assertThat(count(jdbc, "select count(*) from act_ru_filter where name_ = 'All tasks'")).isOne();
			assertThat(count(jdbc, "select count(*) from act_ge_property where name_ = 'historyLevel'")).isOne();
			assertThat(count(jdbc,
					"select count(*) from (select resource_type_, resource_id_, group_id_ "
							+ "from act_ru_authorization where group_id_ = 'camunda-admin' "
							+ "group by resource_type_, resource_id_, group_id_ having count(*) > 1) duplicates"))
				.isZero();
			for (ApplicationNode node : nodes) {
				assertThat(node.api().get("/api/v1/api-keys", ApiTestSupport.ADMIN_AUTH).status()).isEqualTo(200);
				assertThat(node.log()).doesNotContain(" ERROR ");
			}
		}
		finally {
			for (ApplicationNode node : nodes) {
				node.close();
			}
		}
	}

	private static long count(JdbcTemplate jdbc, String sql) {
		return jdbc.queryForObject(sql, Long.class);
	}

}
