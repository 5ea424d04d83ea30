from django.urls import path

from kinerja import views, views_team

app_name = "kinerja"
urlpatterns = [
    path("", views.my_list, name="my_list"),
    path("buat/", views.create_own, name="create_own"),
    path("skp/<int:pk>/", views.detail, name="detail"),
    path("skp/<int:pk>/<slug:name>/", views.action, name="action"),
    path("penilaian/", views.appraisees, name="appraisees"),
    path("kriteria/", views.criteria, name="criteria"),
    path("bukti/<int:pk>/", views.evidence, name="evidence"),
    path("distribusi/", views.distribution, name="distribution"),
    path("periode/", views.periods, name="periods"),
    path("periode/<int:pk>/ekspor.xlsx", views.export, name="export"),
    path("batch/<int:pk>/", views.batch, name="batch"),
    path("target-tim/", views_team.team_goals_page, name="team_goals"),
    path("target-tim/<int:pk>/realisasi/", views_team.team_goal_realise, name="team_goal_realise"),
]
