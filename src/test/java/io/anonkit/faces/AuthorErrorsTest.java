package io.anonkit.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What an author's expression puts into the comment that stands in for a left-out element cannot end the comment. */
class AuthorErrorsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "-->",
                "--!>",
                "x--><script>alert(1)</script>",
                "<!--",
                "--",
                "a->b",
                "&lt;",
                "<![CDATA[",
                "- - >",
                "---->"
            })
    void nothingInTheTextEndsTheCommentOrOpensMarkup(String hostile) {
        String safe = AuthorErrors.commentSafe("appId '" + hostile + "' is not open");
        assertFalse(safe.contains("--"), safe);
        assertFalse(safe.contains("<") || safe.contains(">") || safe.contains("&") || safe.contains("!"), safe);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ui 'analytics/chart' needs objectId", "a - b", "x-y"})
    void ordinaryMessagesStayReadable(String message) {
        assertEquals(message, AuthorErrors.commentSafe(message));
    }
}
