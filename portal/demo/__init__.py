"""Demo data, loaded in one place (``manage.py load_demo``): reference data, the two seed orders and accounts
(`orders`), local acts in every review state (`acts`), monitoring in every compliance state (`monitoring`).
Played through the services, so the demo has the history a real user would leave."""
