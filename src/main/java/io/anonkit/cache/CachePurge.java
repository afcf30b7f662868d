package io.anonkit.cache;

/** Drops every answer the gateway's asset cache holds; published in the servlet context under {@link #ATTRIBUTE}. */
public interface CachePurge {
    /** Servlet context attribute holding the gateway's purge. */
    String ATTRIBUTE = CachePurge.class.getName();

    /** Drops every stored answer and says how many there were. */
    long purge();
}
