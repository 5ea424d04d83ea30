from django.urls import path

from kinerja.views import appraisals, distribution, periods, team_goals

app_name = "kinerja"
urlpatterns = [
    path("", appraisals.my_list, name="my_list"),
    path("buat/", appraisals.create_own, name="create_own"),
    path("skp/<int:pk>/", appraisals.detail, name="detail"),
    path("skp/<int:pk>/<slug:name>/", appraisals.action, name="action"),
    path("penilaian/", appraisals.appraisees, name="appraisees"),
    path("kriteria/", distribution.criteria, name="criteria"),
    path("bukti/<int:pk>/", appraisals.evidence, name="evidence"),
    path("distribusi/", distribution.distribution, name="distribution"),
    path("periode/", periods.periods, name="periods"),
    path("periode/<int:pk>/ekspor.xlsx", periods.export, name="export"),
    path("batch/<int:pk>/", periods.batch, name="batch"),
    path("target-tim/", team_goals.team_goals_page, name="team_goals"),
    path("target-tim/<int:pk>/realisasi/", team_goals.team_goal_realise, name="team_goal_realise"),
]
