/**
 * The pure core of vtopo: model, file reading, validation, graph, plan and the backend interfaces.
 */
package io.vtopo.core;
