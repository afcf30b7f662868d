package io.anonkit.embedding;

import io.anonkit.settings.EmbedSettings;
import io.anonkit.settings.SettingsStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The ids the demo page shows, from the settings ({@code appId}, {@code demoObjectId}, ...), as {@code #{demo}}. */
@Named("demo")
@RequestScoped
public class DemoPage {
    private EmbedSettings embed;
    private boolean inspecting;

    /** Required by CDI for proxying; not for use. */
    protected DemoPage() {}

    /** The demo page of the current settings. */
    @Inject
    public DemoPage(SettingsStore store) {
        this.embed = store.current().embed();
        this.inspecting = store.current().inspecting();
    }

    /**
     * Whether the upstream is the built-in inspection upstream ({@code inspect:}): no Qlik server is connected, so the
     * page says why its boxes stay empty.
     */
    public boolean isInspecting() {
        return inspecting;
    }

    /** Whether an app id is set, without which the demo can only explain what to set. */
    public boolean isConfigured() {
        return !embed.appId().isEmpty();
    }

    /** The chart object id. */
    public String getObjectId() {
        return embed.demoObjectId();
    }

    /** The dimensions of the chart on the fly: the demo field. */
    public java.util.List<String> getDimensions() {
        return embed.demoFieldId().isEmpty() ? java.util.List.of() : java.util.List.of(embed.demoFieldId());
    }

    /** The sheet id. */
    public String getSheetId() {
        return embed.demoSheetId();
    }

    /** The field name. */
    public String getFieldId() {
        return embed.demoFieldId();
    }
}
