app_name = "befriending"

urlpatterns: list = []
