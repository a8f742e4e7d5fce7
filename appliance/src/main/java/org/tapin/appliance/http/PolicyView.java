package org.tapin.appliance.http;

/** What one endpoint's policy call answers: its group, the document (JSON text) and the ETag (quoted). */
record PolicyView(String group, String document, String etag) {}
