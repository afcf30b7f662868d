/** The admin API and page: view, validate, change and audit the settings, the QMC checklist and the doctor. */
package io.anonkit.admin;
