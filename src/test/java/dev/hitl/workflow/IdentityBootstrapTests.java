package dev.hitl.workflow;

import java.util.UUID;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first admin on a plain in-memory engine: created once from
 * {@code HITL_ADMIN_PASSWORD}, and a different password set later is reported as ignored
 * instead of silently doing nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class IdentityBootstrapTests {

	private ProcessEngine engine;

	private JdbcDataSource dataSource;

	@BeforeEach
	void startEngine() {
		String url = "jdbc:h2:mem:identity-bootstrap-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
		configuration.setProcessEngineName("identity-bootstrap-tests");
		configuration.setJdbcUrl(url);
		configuration.setJobExecutorActivate(false);
		configuration.setDbMetricsReporterActivate(false);
		// As application.yaml: the engine's own login lock is off.
		configuration.setLoginMaxAttempts(Integer.MAX_VALUE);
		configuration.setLoginDelayMaxTime(0);
		this.engine = configuration.buildProcessEngine();
		this.dataSource = new JdbcDataSource();
		this.dataSource.setURL(url);
		this.dataSource.setUser("sa");
	}

	@AfterEach
	void closeEngine() {
		this.engine.close();
	}

	@Test
	void theFirstStartCreatesTheAdminWithTheGivenPassword(CapturedOutput output) {
		bootstrap("first-Passw0rd");
		assertThat(this.engine.getIdentityService().checkPassword("admin", "first-Passw0rd")).isTrue();
		assertThat(this.engine.getIdentityService().createUserQuery().memberOfGroup(Groups.CAMUNDA_ADMIN).count())
			.isEqualTo(1);
		assertThat(output).contains("Created admin user 'admin' from HITL_ADMIN_USER/HITL_ADMIN_PASSWORD")
			.doesNotContain("first-Passw0rd");
	}

	@Test
	void aChangedPasswordOnceTheAdminExistsIsReportedAsIgnored(CapturedOutput output) {
		bootstrap("first-Passw0rd");
		bootstrap("second-Passw0rd");
		assertThat(this.engine.getIdentityService().checkPassword("admin", "first-Passw0rd")).isTrue();
		assertThat(output).contains("HITL_ADMIN_PASSWORD is ignored: admin user 'admin' exists already")
			.contains("docs/operations.md")
			.doesNotContain("second-Passw0rd");
	}

	@Test
	void theSamePasswordOrNoneAtALaterStartSaysNothing(CapturedOutput output) {
		bootstrap("first-Passw0rd");
		bootstrap("first-Passw0rd");
		bootstrap(null);
		assertThat(output).doesNotContain("is ignored");
	}

	private void bootstrap(String password) {
		new IdentityBootstrap(this.engine.getIdentityService(), this.engine.getAuthorizationService(),
				this.engine.getFilterService(), new IdentitySettings("admin", password), this.dataSource)
			.afterSingletonsInstantiated();
	}

}
