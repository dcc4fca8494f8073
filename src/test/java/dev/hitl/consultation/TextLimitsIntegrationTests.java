package dev.hitl.consultation;

import dev.hitl.PostgresIntegrationTestSupport;
import org.junit.jupiter.api.Test;

/**
 * The API's text limits in characters on PostgreSQL, as {@link StoredTextTests} checks
 * them on H2.
 */
class TextLimitsIntegrationTests extends PostgresIntegrationTestSupport {

	@Test
	void emojiUpToEachLimitAreKept() {
		String group = uniqueId("team");
		TextLimits.emojiUpToEachLimitAreKept(api(), newAgent(), newReviewer(uniqueId("rev"), group), group);
	}

	@Test
	void oneEmojiOverEachLimitIsRefused() {
		String group = uniqueId("team");
		TextLimits.oneEmojiOverEachLimitIsRefused(api(), newAgent(), newReviewer(uniqueId("rev"), group), group);
	}

}
