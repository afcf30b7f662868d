/** Live checks of a deployment against Qlik, through the kit itself, each with a verdict and a fix. */
package io.anonkit.doctor;
