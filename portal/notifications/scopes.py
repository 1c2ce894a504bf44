"""The bell's model declared to schools.access; loaded by NotificationsConfig.ready."""
from schools import access

from .models import Notification

# Per user, not per school: no owner path. Administrators see them in the back office; the bell's views show a
# user only their own (selectors.notifications_of filters by recipient).
access.admin_only(Notification)
