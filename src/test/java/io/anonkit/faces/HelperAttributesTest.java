package io.anonkit.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HelperAttributesTest {
    @Test
    void initialSelectionsTakeTheDefaultsOfTheEmbeds() throws Exception {
        assertEquals(
                "{app-id=app-1, identity=id1, clear-all=true, bookmark-id=b1}",
                HelperAttributes.initialSelections(null, null, "true", "b1", Optional.of("app-1"), Optional.of("id1"))
                        .toString());
        assertEquals(
                "{app-id=app-1}",
                HelperAttributes.initialSelections(
                                null, null, Boolean.FALSE, null, Optional.of("app-1"), Optional.empty())
                        .toString());
    }

    @Test
    void fieldValuesJoinWithTheLoadersSeparator() throws Exception {
        assertEquals(
                "{name=Country, state=$, values=Sweden;Norway}",
                HelperAttributes.field("Country", "$", null, List.of("Sweden", "Norway"))
                        .toString());
        assertEquals(
                "{name=Country, values=Sweden;Norway}",
                HelperAttributes.field("Country", null, null, " Sweden; Norway ")
                        .toString());
    }

    @Test
    void aValueWithTheSeparatorIsRefused() {
        assertEquals(
                "selectField value 'A;B' contains ';', which the loader reads as a separator; select it with match instead",
                assertThrows(
                                InvalidAttributeException.class,
                                () -> HelperAttributes.field("F", null, null, List.of("A;B")))
                        .getMessage());
    }

    @Test
    void theCallbackMustBeAGlobalFunctionName() throws Exception {
        assertEquals(
                "{app-id=a, callback=onOpen}",
                HelperAttributes.appOpenAction("a", "", "onOpen", Optional.empty(), Optional.of("id"))
                        .toString());
        assertEquals(
                "callback 'alert(1)' is not the name of a global function; expected a JavaScript identifier such as onQlikAppOpen",
                assertThrows(
                                InvalidAttributeException.class,
                                () -> HelperAttributes.appOpenAction(
                                        "a", null, "alert(1)", Optional.empty(), Optional.empty()))
                        .getMessage());
    }
}
