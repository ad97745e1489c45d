"""The coordinator's workspace in the Wagtail admin: one viewset per kind of record (volunteers,
referrals, matches, reviews, contact logs, concerns), each with its listing, its record page and
the actions that move it on. Every action calls a service; a refused action shows its reason
and changes nothing.

- viewsets.py: the listings (filters, search, export) and the routes of each record
- records.py: the record pages
- actions.py: the actions (ServiceActionViews)
"""
