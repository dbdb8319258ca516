from django.db import models


class PublishCount(models.Model):
    """How many times public content has changed: one row, raised after every publish.

    Each app process keeps the site's chrome (menu, safety alert) in memory under the count it
    was built for, and builds it again once the count moves, so a publish reaches every process
    on every server, with or without a shared cache, for one indexed read per page.
    """

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "publish count"

    def __str__(self):
        return str(self.value)
