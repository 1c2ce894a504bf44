"""Pages of assessment procedures and professional events: thin — parse input, call a selector or service, render."""
