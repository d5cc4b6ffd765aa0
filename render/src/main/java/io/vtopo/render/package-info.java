/**
 * vtopo render module: drawings (SVG/HTML, DOT, Mermaid) and the text and JSON forms of the core's
 * reports (plan, diagnostics, reachability). Pure like the core: it turns values into text and
 * never reads a host.
 */
package io.vtopo.render;
