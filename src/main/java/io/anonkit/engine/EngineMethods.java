package io.anonkit.engine;

import static io.anonkit.engine.MethodRule.APPS;
import static io.anonkit.engine.MethodRule.AUTHORING;
import static io.anonkit.engine.MethodRule.CLASSIC;
import static io.anonkit.engine.MethodRule.CONNECTION;
import static io.anonkit.engine.MethodRule.DATA_MODEL;
import static io.anonkit.engine.MethodRule.EXPORT;
import static io.anonkit.engine.MethodRule.INDIRECT;
import static io.anonkit.engine.MethodRule.LISTED_BOOKMARK;
import static io.anonkit.engine.MethodRule.OPEN_OWN_APP;
import static io.anonkit.engine.MethodRule.RELOAD;
import static io.anonkit.engine.MethodRule.SAVE;
import static io.anonkit.engine.MethodRule.SCRIPT;
import static io.anonkit.engine.MethodRule.SELECT;
import static io.anonkit.engine.MethodRule.SERVER;
import static io.anonkit.engine.MethodRule.SESSION_OBJECT;
import static io.anonkit.engine.MethodRule.SESSION_STATE;
import static io.anonkit.engine.MethodRule.SOFT_PATCH;
import static io.anonkit.engine.MethodRule.VIEW;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rule of every method of the engine API, per object type: the methods of Qlik's QIX schema (enigma.js 2.15.0,
 * {@code schemas/12.2027.0.json}) and those {@code @qlik/api} 2.19.0 adds, each with its {@link MethodRule}. A method
 * not listed here has no rule and is refused; a test reads the schema and fails for any method without one, so a new
 * Qlik release cannot slip one through. Method names are compared ignoring case.
 *
 * <p>The allowed methods are those Qlik's clients send to view and select: nebula.js (stardust 7.4.0) and its charts,
 * {@code @qlik/api} and enigma.js, as listed with their evidence in {@code docs/engine-firewall.md}.
 */
final class EngineMethods {
    /** The object types of QlikView's legacy objects: every method of theirs is {@link MethodRule#LEGACY}. */
    static final Set<String> LEGACY_TYPES = Set.of(
            "SheetObject",
            "CustomDropDown",
            "GraphBasics",
            "Graph",
            "StraightTableBox",
            "PivotTableBox",
            "CurrentSelection",
            "InputBox",
            "SearchObject",
            "Container",
            "ListBox",
            "MultiBox",
            "Button",
            "TextObject",
            "CustomObject",
            "BookmarkObject",
            "Slider",
            "LineArrow",
            "TableBox",
            "StatisticsBox");

    private static final Map<String, MethodRule> RULES = rules();

    private EngineMethods() {}

    /** The rule of {@code method} on an object of {@code type}, or empty when it has none (and is refused). */
    static Optional<MethodRule> rule(String type, String method) {
        if (LEGACY_TYPES.contains(type)) {
            return Optional.of(MethodRule.LEGACY);
        }
        return Optional.ofNullable(RULES.get(key(type, method)));
    }

    /** Every (type, method) with a rule, as {@code type.method} in lower case. */
    static Map<String, MethodRule> all() {
        return Collections.unmodifiableMap(RULES);
    }

    static String key(String type, String method) {
        return io.anonkit.http.Ascii.lowerCase(type + "." + method);
    }

    private static Map<String, MethodRule> rules() {
        Map<String, MethodRule> rules = new HashMap<>();
        put(rules, "Global", OPEN_OWN_APP, "OpenDoc");
        put(rules, "Global", VIEW, "GetActiveDoc", "CancelRequest", "GetProgress");
        put(
                rules,
                "Global",
                APPS,
                "CreateApp",
                "CreateDocEx",
                "CopyApp",
                "DeleteApp",
                "ImportApp",
                "ImportAppEx",
                "ExportApp",
                "ReplaceAppFromID",
                "ReplaceAppFromPath",
                "PublishApp",
                "SaveAs",
                "CreateSessionApp",
                "CreateSessionAppFromApp",
                "GetDocList",
                "GetStreamList",
                "GetAppEntry",
                "AllowCreateApp");
        put(rules, "Global", RELOAD, "ConfigureReload", "CancelReload");
        put(
                rules,
                "Global",
                CONNECTION,
                "GetDatabasesFromConnectionString",
                "IsValidConnectionString",
                "GetOdbcDsns",
                "GetOleDbProviders",
                "GetCustomConnectors",
                "GetFolderItemsForPath",
                "GetLogicalDriveStrings",
                "GetMyDocumentsFolder",
                "GetDefaultAppFolder");
        put(
                rules,
                "Global",
                SERVER,
                "ShutdownProcess",
                "ReloadExtensionList",
                "AbortAll",
                "AbortRequest",
                "GetInteract",
                "InteractDone",
                "EngineVersion",
                "ProductVersion",
                "QTProduct",
                "QvVersion",
                "OSName",
                "OSVersion",
                "GetConfiguration",
                "GetAuthenticatedUser",
                "GetUniqueID",
                "IsDesktopMode",
                "IsPersonalMode",
                "GetBNF",
                "GetBaseBNF",
                "GetBaseBNFHash",
                "GetBaseBNFString",
                "GetFunctions",
                "GetSupportedCodePages");

        put(
                rules,
                "Doc",
                VIEW,
                "GetObject",
                "CreateSessionObject",
                "DestroySessionObject",
                "GetAppLayout",
                "GetField",
                "GetDimension",
                "GetMeasure",
                "Evaluate",
                "EvaluateEx",
                "ClearUndoBuffer",
                "AddSessionAlternateState",
                "CreateSessionVariable",
                "GetVariableById",
                "GetVariableByName",
                "GetVariable",
                "GetBookmark",
                "GetLocaleInfo",
                "SearchResults",
                "SearchSuggest",
                "SearchValues",
                "SearchAssociations",
                "BackCount",
                "ForwardCount",
                "GetFieldDescription",
                "GetAssociationScores",
                "GetMatchingFields",
                "FindMatchingFields",
                "GetMeasureWithLabel",
                "GetLayoutProperties",
                "StoreTempSelectionState",
                "CreateTemporaryBookmark",
                "Resume");
        put(
                rules,
                "Doc",
                SELECT,
                "Back",
                "Forward",
                "ClearAll",
                "SelectAssociations",
                "RestoreTempSelectionState",
                "ApplyTemporaryBookmark");
        put(
                rules,
                "Doc",
                SESSION_STATE,
                "AbortModal",
                "SetFetchLimit",
                "RemoveSessionAlternateState",
                "DestroySessionVariable",
                "DestroySessionVariableById",
                "DestroySessionVariableByName");
        put(rules, "Doc", LISTED_BOOKMARK, "ApplyBookmark", "ApplyAndVerifyBookmark");
        put(
                rules,
                "Doc",
                CLASSIC,
                "GetObjects",
                "GetAppProperties",
                "GetAllInfos",
                "GetFieldOnTheFlyByName",
                "GetSheetObject",
                "GetBookmarks",
                "GetVariables",
                "SearchObjects",
                "CheckExpression",
                "CheckNumberOrExpression",
                "ExpandExpression",
                "GetFieldsFromExpression",
                "GetActiveSheetId",
                "GetFavoriteVariables",
                "GetLooselyCoupledVector",
                "GetViewDlgSaveInfo",
                "GetTextMacros",
                "GetExpressionBNF",
                "GetExpressionBNFHash",
                "GetGroupStates",
                "GetSetAnalysis",
                "GetFieldsResourceIds",
                "GetMediaList");
        put(
                rules,
                "Doc",
                SCRIPT,
                "GetScript",
                "GetScriptEx",
                "SetScript",
                "CommitScript",
                "CheckScriptSyntax",
                "GetEmptyScript",
                "GetScriptMeta",
                "GetScriptBreakpoints",
                "SetScriptBreakpoints",
                "GetIncludeFileContent",
                "SetProhibitBinaryLoad");
        put(rules, "Doc", RELOAD, "DoReload", "DoReloadEx");
        put(
                rules,
                "Doc",
                SAVE,
                "DoSave",
                "SaveAs",
                "SaveObjects",
                "Publish",
                "UnPublish",
                "CommitDraft",
                "CreateDraft",
                "DestroyDraft");
        put(rules, "Doc", EXPORT, "ExportReducedData", "UploadTable");
        put(
                rules,
                "Doc",
                DATA_MODEL,
                "GetTableData",
                "GetTableProfileData",
                "GetTablesAndKeys",
                "GetFieldAndColumnSamples",
                "GetLineage",
                "Scramble",
                "TransformApp");
        put(
                rules,
                "Doc",
                CONNECTION,
                "GetConnection",
                "GetConnections",
                "CreateConnection",
                "ModifyConnection",
                "DeleteConnection",
                "GetDatabaseInfo",
                "GetDatabaseOwners",
                "GetDatabaseTableFields",
                "GetDatabaseTablePreview",
                "GetDatabaseTables",
                "GetDatabases",
                "GetFileTableFields",
                "GetFileTablePreview",
                "GetFileTables",
                "GetFileTablesEx",
                "GetFolderItemsForConnection",
                "GuessFileType",
                "SendGenericCommandToCustomConnector",
                "GetContentLibraries",
                "GetLibraryContent");
        put(
                rules,
                "Doc",
                AUTHORING,
                "CreateObject",
                "DestroyObject",
                "CloneObject",
                "CreateDimension",
                "DestroyDimension",
                "CloneDimension",
                "CreateMeasure",
                "DestroyMeasure",
                "CloneMeasure",
                "CreateBookmark",
                "CreateBookmarkEx",
                "DestroyBookmark",
                "CloneBookmark",
                "ReplaceBookmark",
                "CreateVariable",
                "CreateVariableEx",
                "DestroyVariableById",
                "DestroyVariableByName",
                "RemoveVariable",
                "SetAppProperties",
                "SetAppObjectSortingRank",
                "SetAppObjectSortingRanks",
                "SetObjectOwners",
                "SetFavoriteVariables",
                "SetLooselyCoupledVector",
                "SetViewDlgSaveInfo",
                "AddAlternateState",
                "RemoveAlternateState",
                "AddFieldFromExpression",
                "ApplyGroupStates",
                "ChangeSessionAppOwner",
                "ChangeSessionAppSpace",
                "MigrateDerivedFields",
                "MigrateVariables",
                "LockAll",
                "UnlockAll",
                "Undo",
                "Redo",
                "UndoAll",
                "ClearAllSoftPatches",
                "GetOrCreateObject");
        put(rules, "Doc", INDIRECT, "BulkRequest");

        put(
                rules,
                "GenericObject",
                VIEW,
                "GetLayout",
                "GetProperties",
                "GetEffectiveProperties",
                "GetInfo",
                "GetHyperCubeData",
                "GetHyperCubeReducedData",
                "GetHyperCubeContinuousData",
                "GetHyperCubeStackData",
                "GetHyperCubeTreeData",
                "GetHyperCubePivotData",
                "GetHyperCubeBinnedData",
                "GetListObjectData",
                "GetFullPropertyTree");
        put(
                rules,
                "GenericObject",
                SESSION_STATE,
                "SearchListObjectFor",
                "AbortListObjectSearch",
                "ClearSoftPatches",
                "ExpandLeft",
                "ExpandTop",
                "CollapseLeft",
                "CollapseTop");
        put(
                rules,
                "GenericObject",
                SELECT,
                "AcceptListObjectSearch",
                "SelectListObjectValues",
                "SelectListObjectAll",
                "SelectListObjectPossible",
                "SelectListObjectAlternative",
                "SelectListObjectExcluded",
                "SelectListObjectContinuousRange",
                "ClearSelections",
                "BeginSelections",
                "EndSelections",
                "ResetMadeSelections",
                "SelectHyperCubeValues",
                "RangeSelectHyperCubeValues",
                "MultiRangeSelectHyperCubeValues",
                "SelectHyperCubeContinuousRange",
                "SelectHyperCubeCells",
                "SelectPivotCells",
                "MultiRangeSelectTreeDataValues",
                "Lock",
                "Unlock",
                "DrillUp");
        put(rules, "GenericObject", SOFT_PATCH, "ApplyPatches");
        put(
                rules,
                "GenericObject",
                SESSION_OBJECT,
                "SetProperties",
                "SetFullPropertyTree",
                "CreateChild",
                "DestroyChild",
                "DestroyAllChildren",
                "SetChildArrayOrder",
                "CopyFrom");
        put(
                rules,
                "GenericObject",
                CLASSIC,
                "GetChild",
                "GetChildInfos",
                "GetParent",
                "GetLinkedObjects",
                "GetSnapshotObject");
        put(rules, "GenericObject", EXPORT, "ExportData", "StoreData");
        put(rules, "GenericObject", SAVE, "Publish", "UnPublish", "Approve", "UnApprove");
        put(
                rules,
                "GenericObject",
                AUTHORING,
                "EmbedSnapshotObject",
                "CreateGroup",
                "RemoveGroup",
                "AddGroupMembers",
                "RemoveGroupMembers",
                "SetGroupLabel",
                "StepCycle",
                "SetActiveField");

        put(rules, "GenericDimension", VIEW, "GetLayout", "GetProperties", "GetInfo", "GetDimension", "GetActiveField");
        put(rules, "GenericDimension", CLASSIC, "GetLinkedObjects");
        put(rules, "GenericDimension", SAVE, "Publish", "UnPublish", "Approve", "UnApprove");
        put(rules, "GenericDimension", AUTHORING, "SetProperties", "ApplyPatches", "StepCycle", "SetActiveField");

        put(rules, "GenericMeasure", VIEW, "GetLayout", "GetProperties", "GetInfo", "GetMeasure");
        put(rules, "GenericMeasure", CLASSIC, "GetLinkedObjects");
        put(rules, "GenericMeasure", SAVE, "Publish", "UnPublish", "Approve", "UnApprove");
        put(rules, "GenericMeasure", AUTHORING, "SetProperties", "ApplyPatches");

        put(rules, "GenericBookmark", VIEW, "GetLayout", "GetProperties", "GetInfo");
        put(rules, "GenericBookmark", LISTED_BOOKMARK, "Apply", "ApplyAndVerify");
        put(rules, "GenericBookmark", CLASSIC, "GetFieldValues", "GetFieldValuesEx", "GetSetAnalysis");
        put(rules, "GenericBookmark", SAVE, "Publish", "UnPublish", "Approve", "UnApprove");
        put(rules, "GenericBookmark", AUTHORING, "SetProperties", "ApplyPatches");

        put(rules, "GenericVariable", VIEW, "GetLayout", "GetProperties", "GetInfo", "GetRawContent");
        put(
                rules,
                "GenericVariable",
                AUTHORING,
                "SetProperties",
                "ApplyPatches",
                "SetStringValue",
                "SetNumValue",
                "SetDualValue");

        put(rules, "Variable", VIEW, "GetContent", "GetRawContent", "GetNxProperties");
        put(rules, "Variable", AUTHORING, "SetContent", "ForceContent", "SetNxProperties");

        put(rules, "Field", VIEW, "GetCardinal", "GetAndMode", "GetNxProperties");
        put(
                rules,
                "Field",
                SELECT,
                "Clear",
                "ClearAllButThis",
                "Select",
                "SelectValues",
                "ToggleSelect",
                "LowLevelSelect",
                "SelectAll",
                "SelectPossible",
                "SelectAlternative",
                "SelectExcluded",
                "Lock",
                "Unlock");
        put(rules, "Field", AUTHORING, "SetAndMode", "SetNxProperties");
        return rules;
    }

    private static void put(Map<String, MethodRule> rules, String type, MethodRule rule, String... methods) {
        for (String method : methods) {
            if (rules.put(key(type, method), rule) != null) {
                throw new IllegalStateException("two rules for " + type + "." + method);
            }
        }
    }
}
