package dev.hitl.portal;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.ApiTestSupport;
import dev.hitl.consultation.Consultation.Approval;
import dev.hitl.consultation.Consultation.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admins' CSV export over real HTTP and the portal's security: its rows, escaping and
 * formula neutralising, the bounds of the range, and who may download it. The rows are
 * seeded in March 2021, a month no other test touches.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class InsightsExportTests extends ApiTestSupport {

	private static final String HEADER = "id,process,title,priority,response_type,state,decision,choice,decided_by,"
			+ "responded_by,channel,requested_by,owner,external_ref,created_at,ended_at,expires_at,escalated_at,"
			+ "approvals_required,approvals";

	@Autowired
	ObjectMapper json;

	private final String process = uniqueId("export");

	private PortalClient admin;

	@BeforeEach
	void signInAsAdmin() {
		this.admin = new PortalClient(this.port);
		this.admin.signIn(ADMIN, ADMIN_PASSWORD);
	}

	@AfterEach
	void removeTheSeededRows() {
		this.jdbc.update("delete from consultation where process_key = ?", this.process);
	}

	@Test
	void adminsDownloadTheConsultationsThatEndedInTheRangeOldestFirst() {
		Instant created = Instant.parse("2021-03-01T00:00:00Z");
		UUID first = seed("responded", "Refund order 1042?", created, Instant.parse("2021-03-01T00:00:00Z"), null,
				new Response("approved", null, null, null, "rita", Instant.parse("2021-03-01T00:00:00Z"), "portal",
						"reviewer", List.of(approval("sam"), approval("rita"))));
		UUID tricky = seed("responded", "Pay \"ACME\", Inc.\nnow", created, Instant.parse("2021-03-02T10:00:00Z"), null,
				new Response(null, "=cmd|' /C calc'!A0", null, null, "@tom", Instant.parse("2021-03-02T10:00:00Z"),
						"email", "reviewer", List.of()));
		UUID last = seed("timed_out", "-2+3", created, Instant.parse("2021-03-31T23:59:59Z"),
				Instant.parse("2021-03-30T12:00:00Z"), null);
		seed("responded", "The day after", created, Instant.parse("2021-04-01T00:00:00Z"), null, null);
		seed("responded", "The day before", created, Instant.parse("2021-02-28T23:59:59Z"), null, null);
		seed("pending", "Still open", created, Instant.parse("2021-03-15T00:00:00Z"), null, null);

		HttpResponse<String> csv = this.admin.get("/admin/insights/export.csv?from=2021-03-01&to=2021-03-31");
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(MediaType.parseMediaType(csv.headers().firstValue("Content-Type").orElseThrow()))
			.isEqualTo(MediaType.parseMediaType("text/csv;charset=UTF-8"));
		assertThat(csv.headers().firstValue("Content-Disposition"))
			.hasValue("attachment; filename=\"consultations-2021-03-01-to-2021-03-31.csv\"");
		assertThat(csv.body()).isEqualTo(HEADER + "\r\n" + first + "," + this.process
				+ ",Refund order 1042?,normal,approval,responded,approved,,reviewer,rita,portal,bob,billing,ref-1,"
				+ "2021-03-01T00:00:00Z,2021-03-01T00:00:00Z,2021-03-01T04:00:00Z,,2,2\r\n" + tricky + ","
				+ this.process + ",\"Pay \"\"ACME\"\", Inc.\nnow\",normal,approval,responded,,'=cmd|' /C calc'!A0,"
				+ "reviewer,'@tom,email,bob,billing,ref-1,2021-03-01T00:00:00Z,2021-03-02T10:00:00Z,"
				+ "2021-03-01T04:00:00Z,,2,0\r\n" + last + "," + this.process
				+ ",'-2+3,normal,approval,timed_out,,,,,,bob,billing,ref-1,2021-03-01T00:00:00Z,"
				+ "2021-03-31T23:59:59Z,2021-03-01T04:00:00Z,2021-03-30T12:00:00Z,2,0\r\n");
	}

	@Test
	void anEmptyRangeIsTheHeaderAlone() {
		HttpResponse<String> csv = this.admin.get("/admin/insights/export.csv?from=1999-01-01&to=1999-12-31");
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.body()).isEqualTo(HEADER + "\r\n");
		assertThat(this.admin.get("/admin/insights/export.csv?from=2000-01-01&to=2000-12-31").statusCode())
			.as("366 days, a leap year")
			.isEqualTo(200);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null",
			value = { "null|2021-03-31|from", "2021-03-01|null|to", "''|2021-03-31|from", "2021-3-1|2021-03-31|from",
					"2021-03-01|2021-02-30|to", "2021-13-01|2021-03-31|from", "+2021-03-01|2021-03-31|from",
					"2021-03-01|2021-03-01T00:00|to", "2021-03-31|2021-03-01|to", "2021-01-01|2022-01-02|to",
					"2021-03-01,2021-03-02|2021-03-31|from" })
	void badRangesAreAnsweredWithAProblemNamingTheParameter(String from, String to, String field) {
		StringBuilder query = new StringBuilder("/admin/insights/export.csv?x=1");
		if (from != null) {
			query.append("&from=").append(java.net.URLEncoder.encode(from, java.nio.charset.StandardCharsets.UTF_8));
		}
		if (to != null) {
			query.append("&to=").append(java.net.URLEncoder.encode(to, java.nio.charset.StandardCharsets.UTF_8));
		}
		HttpResponse<String> problem = this.admin.get(query.toString());
		assertThat(problem.statusCode()).as(problem.body()).isEqualTo(400);
		assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode body = read(problem.body());
		assertThat(body.get("status").asInt()).isEqualTo(400);
		assertThat(body.get("errors").get(0).get("field").asText()).isEqualTo(field);
		assertThat(body.get("detail").asText()).startsWith(field + ": ");
		assertThat(problem.headers().firstValue("Content-Disposition")).isEmpty();
	}

	@Test
	void reviewersAreRefusedAndVisitorsSentToTheLogin() {
		String user = uniqueId("rev");
		newReviewer(user);
		PortalClient reviewer = new PortalClient(this.port);
		reviewer.signIn(user, "pw-" + user + "-secret");
		String path = "/admin/insights/export.csv?from=2021-03-01&to=2021-03-31";
		HttpResponse<String> refused = reviewer.get(path);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).doesNotContain(HEADER);
		assertThat(reviewer.get("/insights").body()).doesNotContain("export.csv").contains("Review outcomes");
		HttpResponse<String> anonymous = new PortalClient(this.port).get(path);
		assertThat(anonymous.statusCode()).isEqualTo(302);
		assertThat(anonymous.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
	}

	@Test
	void theAdminsInsightsPageLinksTheExportWithADateForm() {
		HttpResponse<String> page = this.admin.get("/insights");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("action=\"/admin/insights/export.csv\"")
			.contains("<input type=\"date\" id=\"export-from\" name=\"from\" required")
			.contains("<input type=\"date\" id=\"export-to\" name=\"to\" required")
			.contains("<caption>Overall, last 7 days</caption>")
			.contains("<th scope=\"row\">All processes</th>");
	}

	private UUID seed(String state, String title, Instant created, Instant ended, Instant escalated,
			Response response) {
		UUID id = UUID.randomUUID();
		this.jdbc.update("insert into consultation (id, owner, state, title, response_type, priority, process_key, "
				+ "timeout, reviewers_json, created_at, updated_at, expires_at, response_json, callback_status, "
				+ "requested_by, external_ref, approvals_required, escalated_at) values (?, 'billing', ?, ?, "
				+ "'approval', 'normal', ?, 'PT4H', '{\"groups\":[\"reviewers\"],\"users\":[]}', ?, ?, ?, ?, 'none', "
				+ "'bob', 'ref-1', 2, ?)", id, state, title, this.process, Timestamp.from(created),
				Timestamp.from(ended), Timestamp.from(created.plusSeconds(4 * 3600)), write(response),
				(escalated != null) ? Timestamp.from(escalated) : null);
		return id;
	}

	private static Approval approval(String user) {
		return new Approval(user, "approved", null, Instant.parse("2021-03-01T00:00:00Z"), "portal");
	}

	private String write(Response response) {
		try {
			return (response != null) ? this.json.writeValueAsString(response) : null;
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private JsonNode read(String body) {
		try {
			return this.json.readTree(body);
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
