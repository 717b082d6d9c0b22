"""The presentation kit every page shares: the one Jinja environment and :func:`render`
(:mod:`.templating`), the interface text in Chinese and English (:mod:`.i18n`) and the filters
for money, dates and labels (:mod:`.filters`).

It sits below the domains, so each domain's views render with it; the web app (the composition
root, :mod:`jiuye.web.app`) puts the site's templates and each mounted domain's ``templates/``
folder on the search path and adds the template globals a domain declares.
"""
