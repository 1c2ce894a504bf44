"""Getting orders and roadmaps into the portal.

``writer.order_import`` writes one ORDER_JSON document (see fixtures/orders/*.json) all or nothing;
the readers of text, DOCX and XLSX produce such documents.
"""
