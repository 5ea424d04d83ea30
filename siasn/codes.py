"""The default code mappings SIASN -> Simutasi, written by migration 0002 and then HR's to correct
in the admin (siasn.CodeMapping). SIASN's reference ids as used by public clients; where an office
finds another code, it adds a row, no deploy needed."""

GOLONGAN = {
    "11": ("I/a", "I/a"), "12": ("I/b", "I/b"), "13": ("I/c", "I/c"), "14": ("I/d", "I/d"),
    "21": ("II/a", "II/a"), "22": ("II/b", "II/b"), "23": ("II/c", "II/c"), "24": ("II/d", "II/d"),
    "31": ("III/a", "III/a"), "32": ("III/b", "III/b"), "33": ("III/c", "III/c"), "34": ("III/d", "III/d"),
    "41": ("IV/a", "IV/a"), "42": ("IV/b", "IV/b"), "43": ("IV/c", "IV/c"), "44": ("IV/d", "IV/d"),
    "45": ("IV/e", "IV/e"),
}  # fmt: skip
EDUCATION = {
    "05": ("SD", "sd"), "10": ("SLTP", "smp"), "12": ("SLTP Kejuruan", "smp"), "15": ("SLTA", "sma"),
    "17": ("SLTA Kejuruan", "sma"), "18": ("SLTA Keguruan", "sma"), "20": ("Diploma I", "d1"),
    "25": ("Diploma II", "d2"), "30": ("Diploma III/Sarjana Muda", "d3"), "35": ("Diploma IV", "d4"),
    "40": ("S-1/Sarjana", "s1"), "45": ("S-2", "s2"), "50": ("S-3/Doktor", "s3"),
}  # fmt: skip
# jenisJabatan 1 (struktural) by eselonId, 2 (fungsional tertentu) by the level in the title, 4 (pelaksana).
POSITION_KIND = {
    "1/11": ("Eselon I.a", "jpt_utama"), "1/12": ("Eselon I.b", "jpt_madya"),
    "1/21": ("Eselon II.a", "jpt_pratama"), "1/22": ("Eselon II.b", "jpt_pratama"),
    "1/31": ("Eselon III.a", "administrator"), "1/32": ("Eselon III.b", "administrator"),
    "1/41": ("Eselon IV.a", "pengawas"), "1/42": ("Eselon IV.b", "pengawas"),
    "2/Ahli Pertama": ("Ahli Pertama", "ahli_pertama"), "2/Ahli Muda": ("Ahli Muda", "ahli_muda"),
    "2/Ahli Madya": ("Ahli Madya", "ahli_madya"), "2/Ahli Utama": ("Ahli Utama", "ahli_utama"),
    "2/Pemula": ("Pemula", "fungsional_pemula"), "2/Terampil": ("Terampil", "fungsional_terampil"),
    "2/Mahir": ("Mahir", "fungsional_mahir"), "2/Penyelia": ("Penyelia", "fungsional_penyelia"),
    "4": ("Jabatan Pelaksana (JFU)", "pelaksana"),
}  # fmt: skip
SANCTION_KIND = {
    "01": ("Teguran lisan", "ringan"), "02": ("Teguran tertulis", "ringan"),
    "03": ("Pernyataan tidak puas secara tertulis", "ringan"),
    "04": ("Pemotongan tunjangan kinerja (sedang)", "sedang"),
    "05": ("Penundaan kenaikan pangkat", "sedang"), "06": ("Penurunan pangkat", "sedang"),
    "07": ("Penurunan jabatan setingkat lebih rendah", "berat"), "08": ("Pembebasan dari jabatan", "berat"),
    "09": ("Pemberhentian dengan hormat tidak atas permintaan sendiri", "berat"),
}  # fmt: skip
# kuadranKinerjaNilai of rw-skp22 (../shared/INTEGRATIONS.md: 1 Sangat Baik ... 5 Sangat Kurang) to kinerja's
# Predicate; the outbox's skp22/save sends the reverse (siasn.services.outbox.PREDICATE_CODES).
SKP_PREDICATE = {
    "1": ("Sangat Baik", "sangat_baik"), "2": ("Baik", "baik"), "3": ("Butuh Perbaikan", "butuh_perbaikan"),
    "4": ("Kurang/Misconduct", "kurang"), "5": ("Sangat Kurang", "sangat_kurang"),
}  # fmt: skip
DEFAULTS = {
    "golongan": GOLONGAN,
    "education": EDUCATION,
    "position_kind": POSITION_KIND,
    "sanction_kind": SANCTION_KIND,
    "skp_predicate": SKP_PREDICATE,
}
