/**
 * The kit's HTTP vocabulary: header names as the kit compares them (skeletons, plain names, the names Qlik and the kit
 * reserve), the paths Qlik serves and the kit's mount, refusals with their short plain-text error responses, and the
 * application-wide objects kept as context attributes.
 */
package io.anonkit.http;
