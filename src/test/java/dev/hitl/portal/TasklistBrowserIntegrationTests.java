package dev.hitl.portal;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The other way to answer: Camunda Tasklist in the browser, with the project's review
 * form ({@code forms/review.form}). The agent must not be able to tell it from the portal
 * but by the channel.
 */
class TasklistBrowserIntegrationTests extends BrowserTestSupport {

	private static final List<Object> OPTIONS = List.of(map("value", "a", "label", "Send reply A"),
			map("value", "b", "label", "Send reply B"));

	@Test
	void aChoiceAnsweredInTasklistEndsLikeTheSameAnswerInThePortal() {
		String group = uniqueId("grp");
		String user = newUser("rev", group);
		String agent = newAgent();
		String viaPortal = ask(agent, group,
				map("title", "Which reply, portal?", "response_type", "choice", "options", OPTIONS))
			.get("id")
			.asText();
		String viaTasklist = ask(agent, group,
				map("title", "Which reply, Tasklist?", "response_type", "choice", "options", OPTIONS))
			.get("id")
			.asText();

		Page portal = newPage();
		signIn(portal, user);
		portal.navigate("/consultations/" + viaPortal);
		portal.getByLabel("Send reply B").check();
		portal.getByLabel("Comment").fill("B fits best");
		portal.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit answer")).click();
		assertThat(portal.locator(".result")).containsText("Send reply B");

		Page tasklist = newPage();
		signInToTasklist(tasklist, user);
		String taskId = api().get("/engine-rest/task?processInstanceBusinessKey=" + viaTasklist, ADMIN_AUTH)
			.json()
			.get(0)
			.get("id")
			.asText();
		tasklist.navigate("/camunda/app/tasklist/default/#/?task=" + taskId);
		assertThat(tasklist.getByText("Which reply, Tasklist?")).isVisible();
		tasklist.getByText("Claim", new Page.GetByTextOptions().setExact(true)).click();
		tasklist.getByLabel("Send reply B").check();
		tasklist.getByLabel("Comment (optional)").fill("B fits best");
		tasklist.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Complete")).click();

		JsonNode answeredInTasklist = await().atMost(java.time.Duration.ofSeconds(20))
			.until(() -> get(agent, viaTasklist),
					(consultation) -> "responded".equals(consultation.get("state").asText()));
		JsonNode answeredInPortal = get(agent, viaPortal);
		assertThat(answeredInPortal.get("state").asText()).isEqualTo("responded");
		JsonNode tasklistResponse = answeredInTasklist.get("response");
		JsonNode portalResponse = answeredInPortal.get("response");
		for (String field : List.of("decision", "choice", "text", "comment", "responded_by")) {
			assertThat(tasklistResponse.get(field)).as(field).isEqualTo(portalResponse.get(field));
		}
		assertThat(tasklistResponse.get("choice").asText()).isEqualTo("b");
		assertThat(tasklistResponse.get("responded_by").asText()).isEqualTo(user);
		assertThat(portalResponse.get("channel").asText()).isEqualTo("portal");
		assertThat(tasklistResponse.get("channel").asText()).isEqualTo("tasklist");
		assertThat(answeredInTasklist.get("assignee")).isEqualTo(answeredInPortal.get("assignee"));

		// The portal shows the Tasklist answer as it shows its own.
		portal.navigate("/consultations/" + viaTasklist);
		assertThat(portal.locator(".result")).containsText("Send reply B");
		assertThat(portal.locator(".result")).containsText("Tasklist");
	}

}
